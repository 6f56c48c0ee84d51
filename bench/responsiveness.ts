// #17 "Reading must stay fair": GET / (the home page, which reads the database) while N
// anonymous full reads of a 100,000-node public debate's /tree run, beside GET / on an idle
// server. Also what one read costs: its time and bytes on the wire, raw and gzipped, and a
// page of the paged read.
import { seedDebate } from "./lib/seed";
import { expectOk } from "./lib/http";
import { round, summarize } from "./lib/stats";
import { wireGet } from "./lib/wire";
import { below, type BenchContext, type BenchResult, type Benchmark } from "./lib/types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const responsiveness: Benchmark = {
  name: "responsiveness",
  description: "GET / latency while 4 full /tree reads of a 100,000-node debate run (and the reads' time and bytes)",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const size = ctx.quick ? 10_000 : 100_000;
    const readers = 4;
    const database = await ctx.freshDatabase("responsiveness");
    const sql = await database.open();
    let debateId: string;
    try {
      const t = performance.now();
      debateId = (await seedDebate(sql, { size, seed: 17, title: "Bench responsiveness" })).debateId;
      ctx.log(`seeded ${size} nodes in ${Math.round(performance.now() - t)} ms`);
    } finally {
      await sql.close();
    }

    const server = await ctx.startServer(database);
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
          below("paged read (limit=200) p50", round(summarize(pageTimes).p50), "ms", undefined),
          below("paged read (limit=200) bytes", round(pageBytes / 1e3), "kB", undefined),
        ],
        details: { size, readers, during: d, idle: i, readsMs, raw, gzip, pages: summarize(pageTimes) },
      };
    } finally {
      await server.stop();
    }
  },
};
