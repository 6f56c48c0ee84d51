// Live delivery: a bearer-token client POSTs COMMENT moves while N SSE watchers
// (distinct signed-in users, one stream each) listen on the debate's event stream;
// per (move, watcher) pair, the time from just before the POST is sent to the
// arrival of the matching "change" event. On PostgreSQL, also across processes:
// watchers on server B, moves POSTed to server A (same database, LISTEN/NOTIFY).
import http from "node:http";
import { randomBytes } from "node:crypto";
import { rng, seedDebate, seedUsers, text } from "./lib/seed";
import { bearer, createTokens } from "./lib/tokens";
import { postJson, timedFetch } from "./lib/http";
import type { RunningServer } from "./lib/server";
import { round, summarize } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark, type Metric } from "./lib/types";

/** Issue 8: POST → delivered to 200 watchers, p95. */
const TARGET_P95_MS = 250;
const TARGET_WATCHERS = 200;
const SPACING_MS = 200;
const WARMUP_MOVES = 5;
/** Watchers opened at once while connecting (each open is a few queries). */
const CONNECT_CONCURRENCY = 25;
const CONNECT_TIMEOUT_MS = 60_000;
/** After the last POST, how long late deliveries are waited for before counting them missed. */
const DRAIN_MS = 5_000;

interface Watcher {
  /** Arrival time (performance.now()) of the first "change" event per nodeId. */
  arrivals: Map<string, number>;
  /** Set when the stream ended or failed while it should have been open. */
  lost: string | undefined;
  frames: { change: number; presence: number; other: number };
  close(): void;
}

/** One SSE stream over node:http; resolves once the "ready" event arrived. */
function openWatcher(baseUrl: string, debateId: string, token: string): Promise<Watcher> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${baseUrl}/api/v1/debates/${debateId}/events`);
    if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") throw new Error(`bench requests stay on loopback, not ${url.hostname}`);
    let closing = false;
    let ready = false;
    const watcher: Watcher = {
      arrivals: new Map(),
      lost: undefined,
      frames: { change: 0, presence: 0, other: 0 },
      close() {
        closing = true;
        req.destroy();
      },
    };
    const fail = (why: string) => {
      if (closing) return;
      if (!ready) {
        clearTimeout(timer);
        closing = true;
        req.destroy();
        reject(new Error(`watcher: ${why}`));
      } else watcher.lost ??= why;
    };
    const timer = setTimeout(() => fail(`no "ready" event after ${CONNECT_TIMEOUT_MS} ms`), CONNECT_TIMEOUT_MS);
    const req = http.get(url, { agent: false, headers: { accept: "text/event-stream", ...bearer(token) } }, (res) => {
      if (res.statusCode !== 200) {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => fail(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`));
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = "message";
          let data = "";
          for (const line of frame.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          if (event === "change") {
            watcher.frames.change++;
            const { nodeId, type } = JSON.parse(data) as { nodeId: string | null; type: string };
            if (type === "node.created" && nodeId && !watcher.arrivals.has(nodeId)) watcher.arrivals.set(nodeId, now);
          } else if (event === "presence") watcher.frames.presence++;
          else if (data) {
            watcher.frames.other++;
            if (event === "ready" && !ready) {
              ready = true;
              clearTimeout(timer);
              resolve(watcher);
            }
          }
        }
      });
      res.on("end", () => fail("stream ended"));
      res.on("error", (e) => fail(e.message));
    });
    req.on("error", (e) => fail(e.message));
  });
}

async function openWatchers(baseUrl: string, debateId: string, tokens: readonly string[]): Promise<Watcher[]> {
  const watchers: Watcher[] = [];
  try {
    for (let i = 0; i < tokens.length; i += CONNECT_CONCURRENCY) {
      watchers.push(...(await Promise.all(tokens.slice(i, i + CONNECT_CONCURRENCY).map((t) => openWatcher(baseUrl, debateId, t)))));
    }
  } catch (e) {
    for (const w of watchers) w.close();
    throw e;
  }
  return watchers;
}

interface Round {
  label: string;
  watchers: number;
  moves: number;
  connectMs: number;
  delivery: ReturnType<typeof summarize>;
  /** Per move: last watcher's arrival minus the first's. */
  spread: ReturnType<typeof summarize>;
  post: ReturnType<typeof summarize>;
  missed: number;
  /** Share of deliveries that arrived before the POST's own answer. */
  beforeAnswer: number;
  lostStreams: number;
  /** Per move, in order: its POST time and its slowest delivery (ms). */
  perMove: { postMs: number; lastDeliveryMs: number }[];
  serverCpuMsPerMove: number;
  presenceFramesPerWatcher: number;
}

/**
 * N watchers on `watchServer`, `moves` COMMENT moves POSTed to `postServer`
 * every SPACING_MS (or right after the previous answer when a POST is slower).
 */
async function measure(
  ctx: BenchContext,
  opts: {
    label: string;
    postServer: RunningServer;
    watchServer: RunningServer;
    debateId: string;
    parents: readonly string[];
    posterToken: string;
    watcherTokens: readonly string[];
    moves: number;
    seed: number;
  },
): Promise<Round> {
  const { postServer, watchServer, debateId, parents } = opts;
  const tag = randomBytes(3).toString("hex");
  const r = rng(opts.seed);
  const url = `${postServer.url}/api/v1/debates/${debateId}/nodes`;
  const post = async (i: number) => {
    const body = { parentId: parents[Math.floor(r() * parents.length)], kind: "COMMENT", body: `bench-live ${tag} ${opts.label} m${i} ${text(r, 80, 300)}` };
    const init = postJson(body, bearer(opts.posterToken));
    const sentAt = performance.now();
    const res = await timedFetch(url, init);
    if (res.status !== 201) throw new Error(`POST move answered ${res.status}: ${res.text.slice(0, 300)}`);
    return { id: (JSON.parse(res.text) as { node: { id: string } }).node.id, sentAt, postMs: performance.now() - sentAt };
  };

  const t = performance.now();
  const watchers = await openWatchers(watchServer.url, debateId, opts.watcherTokens);
  const connectMs = performance.now() - t;
  ctx.log(`${opts.label}: ${watchers.length} watchers ready in ${Math.round(connectMs)} ms`);
  try {
    // Let the presence broadcasts of the joins settle, then warm up (untimed):
    // WARMUP_MOVES moves, each of which must reach every watcher.
    await new Promise((res) => setTimeout(res, 500));
    for (let i = 0; i < WARMUP_MOVES; i++) {
      const warm = await post(-1 - i);
      const deadline = performance.now() + 10_000;
      while (performance.now() < deadline && !watchers.every((w) => w.arrivals.has(warm.id))) await new Promise((res) => setTimeout(res, 20));
      const reached = watchers.filter((w) => w.arrivals.has(warm.id)).length;
      if (reached < watchers.length) throw new Error(`${opts.label}: warm-up move reached ${reached}/${watchers.length} watchers in 10 s`);
      await new Promise((res) => setTimeout(res, SPACING_MS));
    }

    const sent: { id: string; sentAt: number; postMs: number }[] = [];
    const cpu0 = watchServer.cpuMs() + (postServer === watchServer ? 0 : postServer.cpuMs());
    const start = performance.now();
    for (let i = 0; i < opts.moves; i++) {
      const due = start + i * SPACING_MS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      sent.push(await post(i));
    }
    // Wait for the stragglers (bounded).
    const deadline = performance.now() + DRAIN_MS;
    const allIn = () => sent.every((m) => watchers.every((w) => w.arrivals.has(m.id) || w.lost));
    while (performance.now() < deadline && !allIn()) await new Promise((res) => setTimeout(res, 20));
    const cpuMs = watchServer.cpuMs() + (postServer === watchServer ? 0 : postServer.cpuMs()) - cpu0;

    const delivery: number[] = [];
    const spread: number[] = [];
    let missed = 0;
    let beforeAnswer = 0;
    const perMove: Round["perMove"] = [];
    for (const m of sent) {
      let first = Infinity;
      let last = -Infinity;
      for (const w of watchers) {
        const at = w.arrivals.get(m.id);
        if (at === undefined) {
          missed++;
          continue;
        }
        delivery.push(at - m.sentAt);
        if (at - m.sentAt < m.postMs) beforeAnswer++;
        first = Math.min(first, at);
        last = Math.max(last, at);
      }
      if (Number.isFinite(first)) spread.push(last - first);
      perMove.push({ postMs: round(m.postMs), lastDeliveryMs: round(last - m.sentAt) });
    }
    const lost = watchers.filter((w) => w.lost);
    if (lost.length) ctx.log(`${opts.label}: ${lost.length} streams lost (${[...new Set(lost.map((w) => w.lost))].join("; ")})`);
    const result: Round = {
      label: opts.label,
      watchers: watchers.length,
      moves: sent.length,
      connectMs,
      delivery: summarize(delivery),
      spread: summarize(spread),
      post: summarize(sent.map((m) => m.postMs)),
      missed,
      beforeAnswer: delivery.length ? beforeAnswer / delivery.length : Number.NaN,
      lostStreams: lost.length,
      perMove,
      serverCpuMsPerMove: cpuMs / Math.max(1, sent.length),
      presenceFramesPerWatcher: watchers.reduce((a, w) => a + w.frames.presence, 0) / watchers.length,
    };
    ctx.log(
      `${opts.label}: delivery p50 ${round(result.delivery.p50)} / p95 ${round(result.delivery.p95)} / p99 ${round(result.delivery.p99)} ms, ` +
        `POST p50 ${round(result.post.p50)} ms (${Math.round(result.beforeAnswer * 100)} % delivered before its answer), missed ${missed}, lost streams ${lost.length}`,
    );
    return result;
  } finally {
    for (const w of watchers) w.close();
    // Let the server see the disconnects (per-user stream slots) before the next round.
    await new Promise((res) => setTimeout(res, 300));
  }
}

function roundMetrics(res: Round, target: boolean): Metric[] {
  const p = `${res.label} `;
  return [
    below(`${p}delivery p50`, round(res.delivery.p50), "ms", undefined),
    below(`${p}delivery p95`, round(res.delivery.p95), "ms", target ? TARGET_P95_MS : undefined),
    below(`${p}delivery p99`, round(res.delivery.p99), "ms", undefined),
    below(`${p}delivery max`, round(res.delivery.max), "ms", undefined),
    { metric: `${p}missed deliveries`, value: res.missed, unit: "", target: "0", ok: res.missed === 0 && res.lostStreams === 0, note: res.lostStreams ? `${res.lostStreams} streams lost` : undefined },
    below(`${p}POST p50`, round(res.post.p50), "ms", undefined),
    below(`${p}POST p95`, round(res.post.p95), "ms", undefined),
    below(`${p}fan-out spread p95`, round(res.spread.p95), "ms", undefined),
    below(`${p}server CPU per move`, round(res.serverCpuMsPerMove), "ms", undefined),
    below(`${p}connect all`, round(res.connectMs), "ms", undefined),
  ];
}

export const live: Benchmark = {
  name: "live",
  description: "POST a COMMENT move → matching SSE \"change\" event at N watchers (distinct users with tokens); PostgreSQL also across two processes",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const sizes = ctx.quick ? [20] : [50, TARGET_WATCHERS];
    const moves = ctx.quick ? 10 : 30;
    const maxWatchers = Math.max(...sizes);
    const database = await ctx.freshDatabase("live");

    const sql = await database.open();
    let debate, posterToken: string, watcherTokens: string[];
    try {
      debate = await seedDebate(sql, { size: 200, seed: 31, title: "Bench live" });
      // Watchers are signed-in non-members of the public debate, one stream per user
      // (the per-process caps are 10 streams a user and 30 per anonymous address).
      const watchers = await seedUsers(sql, "watcher", maxWatchers);
      const tokens = await createTokens(sql, [debate.ownerId, ...watchers.map((u) => u.id)]);
      posterToken = tokens[0]!;
      watcherTokens = tokens.slice(1);
    } finally {
      await sql.close();
    }

    // The poster makes more moves a minute than movesPerUser allows.
    const serverEnv = { RATE_LIMIT_MULTIPLIER: "100000" };
    const server = await ctx.startServer(database, serverEnv);
    const rounds: Round[] = [];
    const common = { debateId: debate.debateId, parents: debate.nodeIds, posterToken, moves };
    for (const [i, n] of sizes.entries()) {
      rounds.push(
        await measure(ctx, { ...common, label: `N=${n}`, postServer: server, watchServer: server, watcherTokens: watcherTokens.slice(0, n), seed: 100 + i }),
      );
    }
    let multi: Round | undefined;
    if (ctx.mode === "postgres") {
      // Two `next start` processes on one database: watchers on B, moves POSTed to A.
      const serverB = await ctx.startServer(database, serverEnv);
      multi = await measure(ctx, {
        ...common,
        label: `A→B N=${maxWatchers}`,
        postServer: server,
        watchServer: serverB,
        watcherTokens: watcherTokens.slice(0, maxWatchers),
        seed: 200,
      });
    }

    const metrics = rounds.flatMap((res) => roundMetrics(res, res.watchers === TARGET_WATCHERS));
    if (multi) metrics.push(...roundMetrics(multi, multi.watchers === TARGET_WATCHERS));
    return {
      metrics,
      details: { moves, spacingMs: SPACING_MS, rounds, multiProcess: multi ?? null },
    };
  },
};
