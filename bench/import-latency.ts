// Other users' write latency during a 100,000-node import (issue 17, "long writes don't hold
// the single writer"): a few writers post COMMENT moves in a small debate, first alone
// (baseline), then while one user imports a 100,000-node Kialo outline over the API. The
// import writes in bounded batches and publishes at the end (lib/server/transfer/import.ts),
// so a move waits for at most about one batch instead of the whole import.
//
// The floor (#17: "import ≤ 2 × the floor"): before the server starts, the same Node rows the
// import writes (the outline parsed by the same parser, mapped to the same columns, ids of the
// same shape) go into a fresh debate of a second database seeded like the first, as multi-row
// INSERT statements of FLOOR_ROWS_PER_STATEMENT rows in one transaction, through the server's
// driver path (openDriverPool: pg on PostgreSQL; pg over pglite-socket to PGlite in the
// server's own worker on the embedded database), with nothing else running.
import { randomBytes } from "node:crypto";
import { orderDepthFirst, parseImport, type NodeRecord } from "@/lib/formats";
import { newId } from "@/lib/server/db/ids";
import { openDriverPool } from "./lib/database";
import { seedDebate, seedMemberships, seedUsers, shortId } from "./lib/seed";
import { bearer, createTokens } from "./lib/tokens";
import { keepAliveClient, timedFetch } from "./lib/http";
import { round, summarize, type LatencySummary } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark } from "./lib/types";

const WRITERS = 4;
const BASELINE_SECONDS = 10;
const FLOOR_ROWS_PER_STATEMENT = 1_000;
/** #17's target for the import's time over the floor's. */
const FLOOR_RATIO_LIMIT = 2;

/** A Kialo outline of `nodes` nodes: a thesis, 300 claims under it, the rest one level further down. */
function kialoOutline(nodes: number): string {
  const lines = ["Discussion Title: An imported discussion", "", "1. The thesis."];
  const perParent = new Map<string, number>();
  for (let n = 0; n < nodes - 1; n++) {
    const parent = n < 300 ? "1" : `1.${(n % 300) + 1}`;
    const k = (perParent.get(parent) ?? 0) + 1;
    perParent.set(parent, k);
    lines.push(`${parent}.${k}. ${n % 3 === 0 ? "Con" : "Pro"}: Claim ${n}, a sentence about the thesis.`);
  }
  return lines.join("\n") + "\n";
}

export const importLatency: Benchmark = {
  name: "import-latency",
  description: `other users' write latency (${WRITERS} writers posting moves) during a 100,000-node import, beside the same writers alone`,
  async run(ctx: BenchContext): Promise<BenchResult> {
    const nodes = ctx.quick ? 20_000 : 100_000;
    const outline = kialoOutline(nodes);
    const floor = await importFloor(ctx, outline);
    ctx.log(`floor: ${floor.rows} Node rows in ${floor.statements} INSERT statements, one transaction: ${round(floor.ms / 1000)} s`);
    const database = await ctx.freshDatabase("import");
    const sql = await database.open();
    let debate, tokens: string[], importerToken: string;
    try {
      debate = await seedDebate(sql, { size: 50, seed: 17, title: "Bench import latency" });
      const writers = await seedUsers(sql, "writer", WRITERS);
      await seedMemberships(sql, debate.debateId, writers.map((u) => ({ userId: u.id, side: "BREAKER" as const, role: "MEMBER" as const })));
      const [importer] = await seedUsers(sql, "importer", 1);
      const all = await createTokens(sql, [importer!.id, ...writers.map((u) => u.id)]);
      importerToken = all[0]!;
      tokens = all.slice(1);
    } finally {
      await sql.close();
    }
    const server = await ctx.startServer(database, { RATE_LIMIT_MULTIPLIER: "100000" });
    const client = keepAliveClient(WRITERS);
    const tag = randomBytes(3).toString("hex");
    const url = `${server.url}/api/v1/debates/${debate.debateId}/nodes`;
    let failed = 0;
    /** Each writer posts moves one after another until `until()` says stop; the latencies. */
    const writeWhile = async (until: () => boolean): Promise<number[]> => {
      const latencies: number[] = [];
      await Promise.all(
        tokens.map(async (token, w) => {
          for (let i = 0; !until(); i++) {
            const res = await client.post(url, { parentId: debate.rootId, kind: "COUNTEREXAMPLE", body: `bench ${tag} w${w} m${i}` }, bearer(token), 600_000).catch((e: unknown) => {
              ctx.log(`move failed: ${e instanceof Error ? e.message : String(e)}`);
              return undefined;
            });
            if (res?.status === 201) latencies.push(res.ms);
            else failed++;
          }
        }),
      );
      return latencies;
    };
    let baseline: LatencySummary, during: LatencySummary, importMs: number, importStatus: number;
    try {
      await writeWhile(
        (() => {
          let n = 0;
          return () => n++ >= WRITERS; // warm-up: one move each
        })(),
      );
      const baselineEnd = performance.now() + BASELINE_SECONDS * 1000;
      baseline = summarize(await writeWhile(() => performance.now() > baselineEnd));

      let importing = true;
      const started = performance.now();
      const imported = timedFetch(
        `${server.url}/api/v1/debates/import?format=kialo`,
        { method: "POST", headers: { "content-type": "text/plain", ...bearer(importerToken) }, body: outline },
        60 * 60_000,
      ).finally(() => (importing = false));
      const moves = writeWhile(() => !importing);
      const result = await imported.catch((e: unknown) => {
        throw new Error(`the import failed: ${e instanceof Error ? e.message : String(e)}\n--- server output ---\n${server.output.slice(-30).join("\n")}`);
      });
      importMs = performance.now() - started;
      importStatus = result.status;
      if (result.status !== 201) throw new Error(`the import answered ${result.status}: ${result.text.slice(0, 300)}`);
      during = summarize(await moves);
    } finally {
      client.close();
      await server.stop();
    }
    const ratio = importMs / floor.ms;
    ctx.log(`import of ${nodes} nodes: ${round(importMs / 1000)} s (${round(ratio, 2)} × the floor); moves alone p99 ${round(baseline.p99)} ms, during the import p99 ${round(during.p99)} ms (n=${during.n})`);
    const limit = ctx.mode === "postgres" ? 300 : 500;
    return {
      metrics: [
        { metric: `import of ${nodes.toLocaleString("en")} nodes (API, Kialo)`, value: round(importMs / 1000), unit: "s", note: `HTTP upload, parse, batches and publish, with ${WRITERS} writers posting moves meanwhile` },
        {
          metric: "floor: the same Node rows by multi-row INSERT",
          value: round(floor.ms / 1000),
          unit: "s",
          note: `${FLOOR_ROWS_PER_STATEMENT.toLocaleString("en")} rows a statement, ${floor.statements} statements in one transaction, ${ctx.mode === "postgres" ? "pg pool" : "pg over pglite-socket to the server's PGlite worker"}, nothing else running`,
        },
        below("import / floor", round(ratio, 2), "×", FLOOR_RATIO_LIMIT, "#17: at most 2 × the floor"),
        below("other users' move p99 during the import", round(during.p99), "ms", limit, `p50 ${round(during.p50)} ms, max ${round(during.max)} ms, ${during.n} moves by ${WRITERS} writers; ${failed} failed`),
        { metric: "same moves' p99 with no import", value: round(baseline.p99), unit: "ms", note: `p50 ${round(baseline.p50)} ms, ${baseline.n} moves` },
        { metric: "slowest move / import time", value: round(during.max / importMs, 3), unit: "×" },
      ],
      details: { nodes, importMs, importStatus, floor, importOverFloor: ratio, baseline, during, failed, outlineBytes: outline.length },
    };
  },
};

/** The columns importDebate writes for each node (lib/server/transfer/import.ts), in its order. */
const NODE_COLUMNS = [
  "id", "debateId", "parentId", "depth", "kind", "side", "authorId", "title", "body", "quoteText", "quoteStart", "quoteEnd",
  "targetVersions", "answersNodeIds", "retractedAt", "prunedAt", "acceptedAt", "acceptedById", "resolutionMode", "outcome",
  "revision", "createdAt", "updatedAt",
] as const;

/** `INSERT INTO "Node" (…) VALUES ($1, …), (…)` for `rows` rows. */
function multiRowInsert(rows: number): string {
  const width = NODE_COLUMNS.length;
  const tuples = Array.from({ length: rows }, (_, r) => `(${NODE_COLUMNS.map((_, c) => `$${r * width + c + 1}`).join(", ")})`);
  return `INSERT INTO "Node" (${NODE_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`;
}

/**
 * The floor: the import's Node rows for `outline` written by multi-row INSERT in one
 * transaction, on a fresh database of this run's mode seeded like the import's, through the
 * server's driver path. Only the statements are timed (from BEGIN to COMMIT).
 */
async function importFloor(ctx: BenchContext, outline: string): Promise<{ ms: number; rows: number; statements: number }> {
  const doc = parseImport(outline, "kialo");
  const ordered: NodeRecord[] = orderDepthFirst(doc.nodes);
  const database = await ctx.freshDatabase("import-floor");
  const sql = await database.open();
  const debateId = `bd${shortId()}`;
  const userOf = new Map<string, string>();
  try {
    // The same starting point as the import's database, and a debate made the minimal way
    // (seedDebate's), PRIVATE and unpublished like the import's until its rows are in.
    await seedDebate(sql, { size: 50, seed: 17, title: "Bench import floor" });
    const users = await seedUsers(sql, "floor", doc.participants.length + 1);
    doc.participants.forEach((p, i) => userOf.set(p.ref, users[i + 1]!.id));
    await sql.query(
      `INSERT INTO "Debate" ("id", "title", "context", "visibility", "ownerId", "inviteCode", "updatedAt", "lastMoveAt", "importingSince")
       VALUES ($1, $2, '', 'PRIVATE', $3, $4, timezone('UTC', now()), timezone('UTC', now()), timezone('UTC', now()))`,
      [debateId, doc.debate.title, users[0]!.id, `inv${debateId}`],
    );
  } finally {
    await sql.close();
  }

  // The rows as importDebate maps them (ids of newId's shape, timestamps as ISO text).
  const nodeId = new Map(doc.nodes.map((n) => [n.ref, newId()]));
  const depth = new Map<string, number>();
  for (const n of ordered) depth.set(n.ref, n.parentRef === null ? 0 : depth.get(n.parentRef)! + 1);
  const person = (ref: string) => userOf.get(ref)!;
  const rows = ordered.map((n) => [
    nodeId.get(n.ref)!,
    debateId,
    n.parentRef === null ? null : nodeId.get(n.parentRef)!,
    depth.get(n.ref)!,
    n.kind,
    n.side,
    person(n.authorRef),
    n.title,
    n.body,
    n.quote?.text ?? null,
    n.quote?.start ?? null,
    n.quote?.end ?? null,
    n.targetVersions,
    n.answersRefs.map((r) => nodeId.get(r)!),
    n.retractedAt,
    n.prunedAt,
    n.acceptedAt,
    n.acceptedByRef === null ? null : (userOf.get(n.acceptedByRef) ?? null),
    n.resolutionMode,
    n.outcome,
    n.revisions.reduce((max, r) => Math.max(max, r.revision), 1),
    n.createdAt,
    n.updatedAt,
  ]);

  const driver = await openDriverPool(database, ctx.root);
  try {
    const client = await driver.pool.connect();
    let ms: number;
    let statements = 0;
    try {
      const fullText = multiRowInsert(FLOOR_ROWS_PER_STATEMENT);
      const started = performance.now();
      await client.query("BEGIN");
      for (let at = 0; at < rows.length; at += FLOOR_ROWS_PER_STATEMENT) {
        const batch = rows.slice(at, at + FLOOR_ROWS_PER_STATEMENT);
        await client.query(batch.length === FLOOR_ROWS_PER_STATEMENT ? fullText : multiRowInsert(batch.length), batch.flat());
        statements++;
      }
      await client.query("COMMIT");
      ms = performance.now() - started;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
    const { rows: counted } = await driver.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Node" WHERE "debateId" = $1`, [debateId]);
    if (counted[0]?.n !== rows.length) throw new Error(`the floor wrote ${counted[0]?.n} of ${rows.length} nodes`);
    return { ms, rows: rows.length, statements };
  } finally {
    await driver.close();
  }
}
