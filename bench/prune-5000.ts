// Pruning a 5,000-node branch through the API, and the revisit view of a
// 10,000-node debate with ~200 pruned branches.
import { Prisma } from "@/lib/generated/prisma/client";
import { nodeSubtreeCte } from "@/lib/server/queries/tree";
import { seedDebate, seedPrunedBranches } from "./lib/seed";
import { createTokens, bearer } from "./lib/tokens";
import { expectOk, postJson } from "./lib/http";
import { round, summarize, timeSequential } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark } from "./lib/types";

export const pruneRevisit: Benchmark = {
  name: "prune-5000",
  description: "POST prune on a 5,000-node branch (bearer token) and GET /revisit of a 10,000-node debate with ~200 pruned branches",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const total = ctx.quick ? 1_000 : 10_000;
    const branchSize = ctx.quick ? 500 : 5_000;
    const prunedCount = ctx.quick ? 20 : 200;
    const pruneRuns = ctx.quick ? 3 : 10;
    const revisitRuns = ctx.quick ? 10 : 30;
    const database = await ctx.freshDatabase("prune");

    const sql = await database.open();
    let branchDebate, revisitDebate, token: string, prunedIds: string[];
    try {
      branchDebate = await seedDebate(sql, { size: total, branchSize, seed: 11, title: "Bench prune" });
      revisitDebate = await seedDebate(sql, { size: total, seed: 12, title: "Bench revisit" });
      prunedIds = await seedPrunedBranches(sql, revisitDebate, prunedCount);
      // The owner of the branch debate prunes; one token for them.
      [token] = (await createTokens(sql, [branchDebate.ownerId])) as [string];
      const branchRootId = branchDebate.branchRootId;
      if (!branchRootId) throw new Error("seedDebate made no branch");
      // The app's own subtree walk (lib/server/queries/tree.ts), as text for the bench's driver.
      const count = Prisma.sql`WITH RECURSIVE ${nodeSubtreeCte(branchDebate.debateId, branchRootId)} SELECT count(*)::int AS n FROM branch`;
      const [{ n }] = (await sql.query<{ n: number }>(count.text, count.values)) as [{ n: number }];
      if (n !== branchSize) throw new Error(`branch has ${n} nodes, expected ${branchSize}`);
      ctx.log(`seeded two ${total}-node debates: a ${n}-node branch; ${prunedIds.length} pruned branches`);
    } finally {
      await sql.close();
    }

    const server = await ctx.startServer(database);
    const prune: number[] = [];
    const pruneDuplicate: number[] = [];
    let revisit: number[];
    let revisitRows = 0;
    let revisitBytes = 0;
    try {
      const base = `${server.url}/api/v1/debates/${branchDebate.debateId}/nodes/${branchDebate.branchRootId}`;
      const auth = bearer(token);
      // Each round: prune (timed), reopen (untimed); then the same with duplicateOf,
      // which makes pruneBranch read the whole 5,000-node subtree.
      for (let i = 0; i < pruneRuns; i++) {
        prune.push((await expectOk(`${base}/prune`, postJson({ category: "UNPROMISING", reason: `bench round ${i}`, promise: 20 }, auth), 201)).ms);
        await expectOk(`${base}/reopen`, postJson({ reason: `bench reopen ${i}` }, auth), 201);
      }
      for (let i = 0; i < pruneRuns; i++) {
        const body = { category: "DUPLICATE", reason: `bench duplicate ${i}`, duplicateOf: branchDebate.rootId };
        pruneDuplicate.push((await expectOk(`${base}/prune`, postJson(body, auth), 201)).ms);
        await expectOk(`${base}/reopen`, postJson({ reason: `bench reopen dup ${i}` }, auth), 201);
      }

      const url = `${server.url}/api/v1/debates/${revisitDebate.debateId}/revisit`;
      const first = await expectOk(url);
      revisitRows = (JSON.parse(first.text) as { branches: unknown[] }).branches.length;
      revisitBytes = first.bytes;
      if (revisitRows !== prunedIds.length) ctx.log(`note: revisit lists ${revisitRows} branches for ${prunedIds.length} pruned nodes`);
      revisit = await timeSequential(revisitRuns, 3, () => expectOk(url));
    } finally {
      await server.stop();
    }

    const p = summarize(prune);
    const d = summarize(pruneDuplicate);
    const r = summarize(revisit);
    return {
      metrics: [
        below("prune first (cold)", round(prune[0]!), "ms", undefined),
        below("prune p50", round(p.p50), "ms", undefined),
        below("prune max", round(p.max), "ms", undefined),
        below("prune duplicateOf p50", round(d.p50), "ms", undefined, "pruneBranch with duplicateOf reads the whole branch (recursive CTE)"),
        below("revisit p50", round(r.p50), "ms", undefined),
        below("revisit p95", round(r.p95), "ms", undefined),
      ],
      details: { total, branchSize, prunedCount: prunedIds.length, revisitRows, revisitBytes, prune: p, pruneDuplicate: d, revisit: r, pruneSamples: prune.map((x) => round(x)) },
    };
  },
};
