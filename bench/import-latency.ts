// Other users' write latency during a 100,000-node import (issue 17, "long writes don't hold
// the single writer"): a few writers post COMMENT moves in a small debate, first alone
// (baseline), then while one user imports a 100,000-node Kialo outline over the API. The
// import writes in bounded batches and publishes at the end (lib/server/transfer/import.ts),
// so a move waits for at most about one batch instead of the whole import.
import { randomBytes } from "node:crypto";
import { seedDebate, seedMemberships, seedUsers } from "./lib/seed";
import { bearer, createTokens } from "./lib/tokens";
import { keepAliveClient, timedFetch } from "./lib/http";
import { round, summarize, type LatencySummary } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark } from "./lib/types";

const WRITERS = 4;
const BASELINE_SECONDS = 10;

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
    const outline = kialoOutline(nodes);
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
      const result = await imported;
      importMs = performance.now() - started;
      importStatus = result.status;
      if (result.status !== 201) throw new Error(`the import answered ${result.status}: ${result.text.slice(0, 300)}`);
      during = summarize(await moves);
    } finally {
      client.close();
      await server.stop();
    }
    ctx.log(`import of ${nodes} nodes: ${round(importMs / 1000)} s; moves alone p99 ${round(baseline.p99)} ms, during the import p99 ${round(during.p99)} ms (n=${during.n})`);
    const limit = ctx.mode === "postgres" ? 300 : 500;
    return {
      metrics: [
        { metric: `import of ${nodes.toLocaleString("en")} nodes (API, Kialo)`, value: round(importMs / 1000), unit: "s" },
        below("other users' move p99 during the import", round(during.p99), "ms", limit, `p50 ${round(during.p50)} ms, max ${round(during.max)} ms, ${during.n} moves by ${WRITERS} writers; ${failed} failed`),
        { metric: "same moves' p99 with no import", value: round(baseline.p99), unit: "ms", note: `p50 ${round(baseline.p50)} ms, ${baseline.n} moves` },
        { metric: "slowest move / import time", value: round(during.max / importMs, 3), unit: "×" },
      ],
      details: { nodes, importMs, importStatus, baseline, during, failed, outlineBytes: outline.length },
    };
  },
};
