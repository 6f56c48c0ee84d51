// #17 "Nobody waits on anybody": GET / (the home page, which reads the database) while N
// anonymous full reads of a 100,000-node public debate's /tree run, beside GET / on an idle
// server; then GET / and another user's small move while that debate is exported as JSON, and
// while 50,000-character version diffs are computed. Also what one read costs: its time and
// bytes on the wire, raw and gzipped, and a page of the paged read.
import { randomBytes } from "node:crypto";
import { seedDebate, seedMemberships, seedUsers } from "./lib/seed";
import { bearer, createTokens } from "./lib/tokens";
import { expectOk, keepAliveClient, postJson } from "./lib/http";
import { round, summarize } from "./lib/stats";
import { wireGet } from "./lib/wire";
import { below, type BenchContext, type BenchResult, type Benchmark } from "./lib/types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A plan of about `chars` characters of words from `seed` (two seeds give a full rewrite). */
function longPlan(chars: number, seed: string): string {
  const words: string[] = [];
  let length = 0;
  for (let i = 0; length < chars - 20; i++) {
    const word = `${seed}${(i * 7919) % 10007}`;
    words.push(word);
    length += word.length + 1;
  }
  return words.join(" ");
}

export const responsiveness: Benchmark = {
  name: "responsiveness",
  description: "GET / latency while 4 full /tree reads of a 100,000-node debate run; GET / and a small move during its JSON export and during 50,000-character diffs",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const size = ctx.quick ? 10_000 : 100_000;
    const readers = 4;
    const database = await ctx.freshDatabase("responsiveness");
    const sql = await database.open();
    let debateId: string, rootId: string, writerToken: string;
    try {
      const t = performance.now();
      ({ debateId, rootId } = await seedDebate(sql, { size, seed: 17, title: "Bench responsiveness" }));
      ctx.log(`seeded ${size} nodes in ${Math.round(performance.now() - t)} ms`);
      const [writer] = await seedUsers(sql, "writer", 1);
      await seedMemberships(sql, debateId, [{ userId: writer!.id, side: "BREAKER", role: "MEMBER" }]);
      [writerToken] = (await createTokens(sql, [writer!.id])) as [string];
    } finally {
      await sql.close();
    }

    const server = await ctx.startServer(database, { RATE_LIMIT_MULTIPLIER: "100000" });
    try {
      const home = `${server.url}/`;
      const tree = `${server.url}/api/v1/debates/${debateId}/tree`;
      await expectOk(home);
      // One read of each kind first: warms the routes and measures bytes on the wire.
      const raw = await wireGet(tree, { "accept-encoding": "identity" });
      ctx.log(`one full read: ${Math.round(raw.ms)} ms, ${(raw.wireBytes / 1e6).toFixed(1)} MB raw`);
      const pageTimes: number[] = [];
      const pageBytes = (await wireGet(`${tree}?limit=200`)).wireBytes;
      for (let i = 0; i < 10; i++) pageTimes.push((await wireGet(`${tree}?limit=200`)).ms);

      const idle: number[] = [];
      for (let i = 0; i < 20; i++) idle.push((await wireGet(home)).ms);

      // N readers (raw, like the reported incident), GET / every 100 ms until they are done.
      let running = readers;
      const started = performance.now();
      const reads = Array.from({ length: readers }, () => wireGet(tree, { "accept-encoding": "identity" }).finally(() => running--));
      const during: number[] = [];
      await sleep(200);
      while (running === readers) {
        const r = await wireGet(home);
        if (r.status !== 200) throw new Error(`GET / answered ${r.status} during the reads`);
        if (running === readers) during.push(r.ms);
        await sleep(100);
      }
      const results = await Promise.all(reads);
      const readsMs = performance.now() - started;

      // GET / and a small move by another user, every 100 ms while `work` runs.
      const client = keepAliveClient(2);
      const tag = randomBytes(3).toString("hex");
      const sampleWhile = async (work: Promise<unknown>) => {
        let done = false;
        const finished = work.finally(() => (done = true));
        const homes: number[] = [];
        const moves: number[] = [];
        for (let i = 0; !done; i++) {
          const h = await wireGet(home);
          if (h.status !== 200) throw new Error(`GET / answered ${h.status}`);
          const m = await client.post(`${server.url}/api/v1/debates/${debateId}/nodes`, { parentId: rootId, kind: "COMMENT", body: `bench ${tag} ${i}` }, bearer(writerToken));
          if (m.status !== 201) throw new Error(`a move answered ${m.status}: ${m.text.slice(0, 200)}`);
          if (!done) { homes.push(h.ms); moves.push(m.ms); }
          await sleep(100);
        }
        await finished;
        return { home: summarize(homes), move: summarize(moves) };
      };

      // One JSON export of the whole debate (read to the end, like a download).
      const exportStarted = performance.now();
      let exportMs = 0;
      const duringExport = await sampleWhile(
        wireGet(`${server.url}/api/v1/debates/${debateId}/export?format=json`).then((r) => {
          exportMs = performance.now() - exportStarted;
          if (r.status !== 200) throw new Error(`the export answered ${r.status}`);
        }),
      );
      ctx.log(`JSON export: ${Math.round(exportMs)} ms; GET / p99 ${round(duringExport.home.p99)} ms, move p99 ${round(duringExport.move.p99)} ms (n=${duringExport.home.n})`);

      // Version diffs of 50,000-character rewrites: a debate whose plan is rewritten DIFFS times,
      // each new version's diff computed once, on first view, while the others keep working.
      const DIFFS = 8;
      const diffDebate = await expectOk(`${server.url}/api/v1/debates`, postJson({ title: "Bench diffs", proposal: longPlan(50_000, "a"), visibility: "PUBLIC" }, bearer(writerToken)), 201);
      const { id: diffDebateId, rootNodeId } = (JSON.parse(diffDebate.text) as { debate: { id: string; rootNodeId: string } }).debate;
      const counter = await expectOk(`${server.url}/api/v1/debates/${diffDebateId}/nodes`, postJson({ parentId: rootNodeId, kind: "COUNTEREXAMPLE", body: "It fails." }, bearer(writerToken)), 201);
      const counterId = (JSON.parse(counter.text) as { node: { id: string } }).node.id;
      for (let v = 0; v < DIFFS; v++) {
        await expectOk(`${server.url}/api/v1/debates/${diffDebateId}/nodes`, postJson({ parentId: counterId, kind: "PATCH", body: `Rewrite ${v}`, proposal: longPlan(50_000, `v${v}w`), answersNodeIds: [counterId] }, bearer(writerToken)), 201);
      }
      const diffTimes: number[] = [];
      const duringDiffs = await sampleWhile(
        (async () => {
          for (let v = 2; v <= DIFFS + 1; v++) diffTimes.push((await expectOk(`${server.url}/api/v1/debates/${diffDebateId}/versions/${v}`)).ms);
        })(),
      );
      client.close();
      ctx.log(`${DIFFS} diffs of 50,000 characters: p50 ${round(summarize(diffTimes).p50)} ms; GET / p99 ${round(duringDiffs.home.p99)} ms, move p99 ${round(duringDiffs.move.p99)} ms (n=${duringDiffs.home.n})`);
      await server.stop();
      // The same read gzipped by Next's own `compress` (route handlers cannot set Content-Encoding: docs/api.md).
      const compressing = await ctx.startServer(database, { COMPRESS_RESPONSES: "true" });
      let gzip;
      try {
        await wireGet(`${compressing.url}/`);
        gzip = await wireGet(`${compressing.url}/api/v1/debates/${debateId}/tree`, { "accept-encoding": "gzip" });
      } finally {
        await compressing.stop();
      }
      ctx.log(`one full read with COMPRESS_RESPONSES=true: ${Math.round(gzip.ms)} ms, ${(gzip.wireBytes / 1e6).toFixed(1)} MB (${gzip.encoding})`);
      for (const r of results) if (r.status !== 200) throw new Error(`a tree read answered ${r.status}`);
      if (during.length === 0) throw new Error("the reads ended before GET / could be sampled");
      const d = summarize(during);
      const i = summarize(idle);
      const p99Target = ctx.mode === "postgres" ? 300 : 500;
      ctx.log(`${readers} reads took ${Math.round(readsMs)} ms; GET / during them (n=${d.n}): p50 ${round(d.p50)} p95 ${round(d.p95)} max ${round(d.max)} ms`);
      return {
        metrics: [
          below(`GET / p95 during ${readers} reads`, round(d.p95), "ms", 500),
          below(`GET / p99 during ${readers} reads`, round(d.p99), "ms", p99Target, "#17 target: < 300 ms PostgreSQL, < 500 ms embedded"),
          below(`GET / max during ${readers} reads`, round(d.max), "ms", undefined),
          below("GET / p50 during reads", round(d.p50), "ms", undefined, `${d.n} samples`),
          below("GET / p50 idle", round(i.p50), "ms", undefined),
          below(`${readers} full reads, wall time`, Math.round(readsMs), "ms", undefined),
          below("one full read", Math.round(raw.ms), "ms", undefined),
          below("one full read, bytes raw", round(raw.wireBytes / 1e6, 1), "MB", undefined),
          below("one full read, bytes gzip", round(gzip.wireBytes / 1e6, 1), "MB", undefined, `COMPRESS_RESPONSES=true; Content-Encoding: ${gzip.encoding}`),
          below("one full read gzip, time", Math.round(gzip.ms), "ms", undefined, "COMPRESS_RESPONSES=true"),
          below("GET / p99 during a JSON export", round(duringExport.home.p99), "ms", p99Target, `export ${Math.round(exportMs)} ms, ${duringExport.home.n} samples`),
          below("small move p99 during a JSON export", round(duringExport.move.p99), "ms", p99Target),
          below("GET / p99 during 50,000-character diffs", round(duringDiffs.home.p99), "ms", p99Target, `${diffTimes.length} diffs, p50 ${round(summarize(diffTimes).p50)} ms each; ${duringDiffs.home.n} samples`),
          below("small move p99 during 50,000-character diffs", round(duringDiffs.move.p99), "ms", p99Target),
          below("paged read (limit=200) p50", round(summarize(pageTimes).p50), "ms", undefined),
          below("paged read (limit=200) bytes", round(pageBytes / 1e3), "kB", undefined),
        ],
        details: { size, readers, during: d, idle: i, readsMs, raw, gzip, pages: summarize(pageTimes), exportMs, duringExport, duringDiffs, diffTimes },
      };
    } finally {
      await server.stop();
    }
  },
};
