// 32 concurrent authenticated clients posting COMMENT moves, then a check that
// every acknowledged move is stored exactly once, beside the raw INSERT rate.
import { randomBytes } from "node:crypto";
import type { Sql } from "./lib/database";
import { rng, seedDebate, seedMemberships, seedUsers, text } from "./lib/seed";
import { bearer, createTokens } from "./lib/tokens";
import { keepAliveClient } from "./lib/http";
import { round, summarize } from "./lib/stats";
import { atLeast, below, type BenchContext, type BenchResult, type Benchmark } from "./lib/types";

const CLIENTS = 32;
const MAX_REQUESTS_PER_CLIENT = 100_000; // a bound on the loop, far above what fits in the window

interface Ack {
  id: string;
  marker: string;
}

export const writes: Benchmark = {
  name: "writes",
  description: `${CLIENTS} concurrent clients POSTing COMMENT moves (bearer tokens), verified afterwards; raw INSERT rate beside`,
  async run(ctx: BenchContext): Promise<BenchResult> {
    const seconds = ctx.quick ? 10 : 30;
    const rawSeconds = ctx.quick ? 5 : 10;
    const runTag = randomBytes(3).toString("hex");
    const database = await ctx.freshDatabase("writes");

    let sql = await database.open();
    let debate, tokens: string[];
    try {
      debate = await seedDebate(sql, { size: 200, seed: 21, title: "Bench writes" });
      const writers = await seedUsers(sql, "writer", CLIENTS);
      await seedMemberships(
        sql,
        debate.debateId,
        writers.map((u, i) => ({ userId: u.id, side: i % 2 ? ("BREAKER" as const) : ("BUILDER" as const), role: "MEMBER" as const })),
      );
      tokens = await createTokens(sql, writers.map((u) => u.id));
    } finally {
      await sql.close();
    }

    const server = await ctx.startServer(database, { RATE_LIMIT_MULTIPLIER: "100000" });
    const acks: Ack[] = [];
    const latencies: number[] = [];
    const failures = new Map<string, number>();
    let elapsed: number;
    let cpuPerMove = Number.NaN;
    let clientCpuPerMove = Number.NaN;
    const client = keepAliveClient(CLIENTS);
    try {
      const url = `${server.url}/api/v1/debates/${debate.debateId}/nodes`;
      const parents = debate.nodeIds;
      const post = async (writer: number, seq: number, r: () => number) => {
        const marker = `bench-move ${runTag} c${writer} s${seq}`;
        const body = { parentId: parents[Math.floor(r() * parents.length)], kind: "COMMENT", body: `${marker} ${text(r, 80, 300)}` };
        try {
          const res = await client.post(url, body, bearer(tokens[writer]!));
          if (res.status === 201) {
            const id = (JSON.parse(res.text) as { node: { id: string } }).node.id;
            return { ms: res.ms, ack: { id, marker } };
          }
          const code = (() => {
            try {
              return (JSON.parse(res.text) as { error?: { code?: string } }).error?.code ?? "";
            } catch {
              return "";
            }
          })();
          failures.set(`HTTP ${res.status} ${code}`.trim(), (failures.get(`HTTP ${res.status} ${code}`.trim()) ?? 0) + 1);
        } catch (e) {
          const key = e instanceof Error ? e.name : "error";
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
        return undefined;
      };

      // Warm-up: every client posts once (acknowledged moves are verified too, not timed).
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          const res = await post(c, 0, rng(1000 + c));
          if (res) acks.push(res.ack);
        }),
      );
      if (acks.length === 0) throw new Error(`no warm-up move was accepted: ${JSON.stringify(Object.fromEntries(failures))}`);

      const cpu0 = server.cpuMs();
      const clientCpu0 = process.cpuUsage();
      const started = performance.now();
      const end = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          const r = rng(c + 1);
          for (let seq = 1; seq <= MAX_REQUESTS_PER_CLIENT && performance.now() < end; seq++) {
            const res = await post(c, seq, r);
            if (res) {
              acks.push(res.ack);
              latencies.push(res.ms);
            }
          }
        }),
      );
      elapsed = (performance.now() - started) / 1000;
      cpuPerMove = (server.cpuMs() - cpu0) / Math.max(1, latencies.length);
      const clientCpu = process.cpuUsage(clientCpu0);
      clientCpuPerMove = (clientCpu.user + clientCpu.system) / 1000 / Math.max(1, latencies.length);
    } finally {
      client.close();
      await server.stop();
    }

    // Verification (PGlite: after the server released the data dir).
    sql = await database.open();
    let verification: { acked: number; duplicateAckIds: number; missing: number; duplicatedMoves: number; unacknowledgedStored: number; events: number; ok: boolean };
    let raw: { rate: number; latency: ReturnType<typeof summarize>; rows: number };
    try {
      const stored = await sql.query<{ id: string; marker: string }>(
        `SELECT "id", substring("body" from '^(bench-move [0-9a-f]+ c[0-9]+ s[0-9]+)') AS marker
         FROM "Node" WHERE "debateId" = $1 AND "body" LIKE $2`,
        [debate.debateId, `bench-move ${runTag} %`],
      );
      const byId = new Map(stored.map((s) => [s.id, s.marker]));
      const markerCounts = new Map<string, number>();
      for (const s of stored) markerCounts.set(s.marker, (markerCounts.get(s.marker) ?? 0) + 1);
      const ackIds = new Set(acks.map((a) => a.id));
      const missing = acks.filter((a) => byId.get(a.id) !== a.marker).length;
      const duplicatedMoves = [...markerCounts.values()].filter((n) => n > 1).length;
      const [{ events }] = (await sql.query<{ events: number }>(
        `SELECT count(*)::int AS events FROM "DebateEvent" WHERE "debateId" = $1 AND "type" = 'node.created' AND "nodeId" = ANY($2::text[])`,
        [debate.debateId, [...ackIds]],
      )) as [{ events: number }];
      verification = {
        acked: acks.length,
        duplicateAckIds: acks.length - ackIds.size,
        missing,
        duplicatedMoves,
        unacknowledgedStored: stored.filter((s) => !ackIds.has(s.id)).length,
        events,
        ok: missing === 0 && duplicatedMoves === 0 && acks.length === ackIds.size && events === ackIds.size,
      };
      ctx.log(`verified: ${JSON.stringify(verification)}`);
      raw = await rawInsertRate(sql, debate.debateId, debate.rootId, debate.ownerId, rawSeconds);
    } finally {
      await sql.close();
    }

    const s = summarize(latencies);
    const rate = latencies.length / elapsed;
    const pg = ctx.mode === "postgres";
    return {
      metrics: [
        atLeast("moves/s", round(rate), "/s", pg ? 300 : 100),
        below("POST p50", round(s.p50), "ms", undefined),
        below("POST p95", round(s.p95), "ms", undefined),
        below("POST p99", round(s.p99), "ms", pg ? 250 : undefined),
        below("server CPU per move", round(cpuPerMove), "ms", undefined, "user+sys CPU of the next start process per acknowledged POST; 1000 / this ≈ moves/s one core can serve"),
        below("load generator CPU per move", round(clientCpuPerMove), "ms", undefined, "user+sys CPU of this bench process per acknowledged POST (it shares the two cores with the server and the database)"),
        { metric: "errors", value: [...failures.values()].reduce((a, b) => a + b, 0), unit: "", target: "0", ok: failures.size === 0 },
        { metric: "acked moves stored once", value: verification.acked, unit: "", target: "all", ok: verification.ok },
        atLeast("raw INSERT rows/s", round(raw.rate), "/s", undefined, `single-row INSERTs, ${CLIENTS} concurrent loops, ${pg ? "pg pool of 10 (the app's size)" : "one in-process PGlite"}`),
        below("raw INSERT p99", round(raw.latency.p99), "ms", undefined),
      ],
      details: { clients: CLIENTS, seconds, elapsed, serverCpuMsPerMove: cpuPerMove, clientCpuMsPerMove: clientCpuPerMove, latency: s, failures: Object.fromEntries(failures), verification, raw },
    };
  },
};

/** Single-row INSERTs into Node through the bench's driver, CLIENTS loops at once, for `seconds`. */
async function rawInsertRate(sql: Sql, debateId: string, parentId: string, authorId: string, seconds: number) {
  const latencies: number[] = [];
  const tag = randomBytes(3).toString("hex");
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const r = rng(500 + c);
      for (let seq = 0; seq < MAX_REQUESTS_PER_CLIENT && performance.now() < end; seq++) {
        const t = performance.now();
        await sql.query(
          `INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "body", "updatedAt")
           VALUES ($1, $2, $3, 1, 'COMMENT', 'BUILDER', $4, $5, timezone('UTC', now()))`,
          [`raw${tag}c${c}s${seq}`, debateId, parentId, authorId, text(r, 80, 300)],
        );
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { rate: latencies.length / elapsed, latency: summarize(latencies), rows: latencies.length };
}
