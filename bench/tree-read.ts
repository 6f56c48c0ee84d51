// GET /api/v1/debates/{id}/tree on a 10,000-node public debate, anonymous,
// beside the floor: the same SELECT through the driver plus JSON.stringify.
// Timed with a keep-alive node:http client that reads the body as bytes (as curl
// does); the same through fetch + text() is printed beside it.
import { debateRowsQuery } from "@/lib/server/queries/tree";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { seedDebate } from "./lib/seed";
import { expectOk, keepAliveClient } from "./lib/http";
import { round, since, summarize, timeSequential } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark, type Metric } from "./lib/types";

/** What lib/http/route.ts json() does to every value (a replacer call per key). */
const apiReplacer = (_key: string, value: unknown) => (typeof value === "bigint" ? Number(value) : value);

export const treeRead: Benchmark = {
  name: "tree-read",
  description: "GET /tree of a 10,000-node debate vs the raw SQL read + JSON.stringify floor",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const size = ctx.quick ? 1_000 : 10_000;
    const runs = ctx.quick ? 20 : 50;
    const warmup = ctx.quick ? 3 : 5;
    const database = await ctx.freshDatabase("tree-read");

    // 1. Seed and measure the in-process figures (PGlite: before the server takes the data dir).
    const sql = await database.open();
    let seeded;
    let seedMs: number;
    const inProcess: Record<string, number[]> = {};
    try {
      const t = performance.now();
      seeded = await seedDebate(sql, { size });
      seedMs = since(t);
      ctx.log(`seeded ${size} nodes (max depth ${seeded.maxDepth}, ${seeded.versions} versions) in ${Math.round(seedMs)} ms`);
      const q = debateRowsQuery(seeded.debateId);
      const check = await sql.query(q.text, q.values);
      if (check.length !== size) throw new Error(`floor query returned ${check.length} rows, expected ${size}`);

      inProcess.floor = await timeSequential(runs, warmup, async () => JSON.stringify({ nodes: await sql.query(q.text, q.values) }));
      inProcess.driverQuery = await timeSequential(runs, warmup, () => sql.query(q.text, q.values));
      inProcess.stringifyPlain = await timeSequential(runs, warmup, async () => JSON.stringify({ nodes: check }));

      const prisma = new PrismaClient({ adapter: sql.prismaAdapter() });
      try {
        inProcess.prismaQueryRaw = await timeSequential(runs, warmup, () => prisma.$queryRaw(q));
        const prismaRows = await prisma.$queryRaw<unknown[]>(q);
        inProcess.stringifyReplacer = await timeSequential(runs, warmup, async () => JSON.stringify({ nodes: prismaRows }, apiReplacer));
        inProcess.prismaPlusApiJson = await timeSequential(runs, warmup, async () => JSON.stringify({ nodes: await prisma.$queryRaw(q) }, apiReplacer));
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await sql.close();
    }

    // 2. The endpoint, served by `next start`.
    const server = await ctx.startServer(database);
    let http: number[];
    let viaFetch: number[];
    let bytes = 0;
    let cpuPerRequest = Number.NaN;
    try {
      const url = `${server.url}/api/v1/debates/${seeded.debateId}/tree`;
      const first = await expectOk(url);
      const body = JSON.parse(first.text) as { nodes: unknown[] };
      if (body.nodes.length !== size) throw new Error(`/tree returned ${body.nodes.length} nodes, expected ${size}`);
      bytes = first.bytes;
      const client = keepAliveClient(1);
      try {
        for (let i = 0; i < warmup; i++) await client.get(url);
        const cpu0 = server.cpuMs();
        http = await timeSequential(runs, 0, () => client.get(url));
        cpuPerRequest = (server.cpuMs() - cpu0) / runs;
        // The same through fetch + text(), for comparison: undici and the UTF-8 decoding add the client's own time.
        viaFetch = await timeSequential(runs, warmup, () => expectOk(url));
      } finally {
        client.close();
      }
    } finally {
      await server.stop();
    }

    const s = summarize(http);
    const floor = summarize(inProcess.floor);
    const p50 = (xs: number[] | undefined) => round(summarize(xs ?? []).p50);
    const ratio = s.p50 / floor.p50;
    const metrics: Metric[] = [
      below("GET /tree p50", round(s.p50), "ms", 150),
      below("GET /tree p95", round(s.p95), "ms", undefined),
      below("GET /tree max", round(s.max), "ms", undefined),
      below("  GET /tree p50 via fetch + text()", round(summarize(viaFetch).p50), "ms", undefined, "the same requests through undici's fetch, decoding the body: the client's own time included"),
      below("floor p50 (SQL+stringify)", round(floor.p50), "ms", undefined),
      below("floor p95", round(floor.p95), "ms", undefined),
      below("  server CPU per request", round(cpuPerRequest), "ms", undefined, "user+sys CPU of the next start process per GET /tree"),
      { metric: "ratio p50 / floor p50", value: round(ratio, 2), unit: "×", target: "≤ 1.5 ×", ok: ratio <= 1.5 },
      below("  driver query p50", p50(inProcess.driverQuery), "ms", undefined),
      below("  prisma $queryRaw p50", p50(inProcess.prismaQueryRaw), "ms", undefined),
      below("  stringify plain p50", p50(inProcess.stringifyPlain), "ms", undefined),
      below("  stringify w/ api replacer p50", p50(inProcess.stringifyReplacer), "ms", undefined),
      below("  prisma + api json p50", p50(inProcess.prismaPlusApiJson), "ms", undefined, "Prisma rows + JSON.stringify in-process: the path /tree took before it read through the driver"),
    ];
    return {
      metrics,
      details: {
        size,
        runs,
        warmup,
        maxDepth: seeded.maxDepth,
        versions: seeded.versions,
        seedMs: Math.round(seedMs),
        responseBytes: bytes,
        serverCpuMsPerRequest: cpuPerRequest,
        http: s,
        inProcess: Object.fromEntries(Object.entries(inProcess).map(([k, v]) => [k, summarize(v)])),
      },
    };
  },
};
