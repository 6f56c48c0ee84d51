import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { debateRevisit, estimateBranch, myRevisit, pruneBranch, reopenBranch } from "@/lib/server/debate/branches";
import { debateOverview } from "@/lib/server/debate/overview";
import { REVISIT_SORTS, revisitList } from "@/lib/domain/debate/pruning";
import { createDebate, createUser, insertNode, insertNodeChain } from "@/tests/factories";

// The revisit rows come from two places on purpose: the pure computation over rows the
// overview already holds, and one SQL query that walks only the pruned branches
// (the API and the cross-debate page). They must agree, and the SQL must order and
// filter exactly as revisitList (lib/domain/debate/pruning.ts), the one definition.
describe("revisit view", () => {
  it("the SQL query and the pure computation agree on every pruned branch", async () => {
    const fx = await createDebate(db(), { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" }, mod: { role: "MODERATOR", side: "OBSERVER" } } });
    const { builder, breaker, mod } = fx.members;
    const chain = await insertNodeChain(db(), fx.id, fx.rootNodeId, [
      { author: breaker, kind: "COUNTEREXAMPLE" },
      { author: builder, kind: "REBUTTAL" },
      { author: breaker, kind: "COMMENT" },
      { author: builder, kind: "COMMENT" },
    ]);
    const side = await insertNode(db(), { debateId: fx.id, parentId: fx.rootNodeId, author: builder, kind: "QUESTION" });
    await pruneBranch(mod, fx.id, chain[2]!, { category: "UNPROMISING", reason: "inner first", promise: 20 });
    await pruneBranch(breaker, fx.id, chain[0]!, { category: "CONCEDED", reason: "outer", promise: 60 });
    await estimateBranch(builder, fx.id, chain[0]!, 80);
    await pruneBranch(mod, fx.id, side.id, { category: "OUT_OF_SCOPE", reason: "elsewhere" });
    await reopenBranch(builder, fx.id, side.id, { reason: "came back" });

    const fromSql = await debateRevisit(null, fx.id);
    const fromRows = (await debateOverview(null, fx.id)).revisit;
    const pick = (r: { nodeId: string; branchSize: number; depth: number; category: string | null; reason: string | null; promise: number | null }) => ({
      nodeId: r.nodeId,
      branchSize: r.branchSize,
      depth: r.depth,
      category: r.category,
      reason: r.reason,
      promise: r.promise,
    });
    const byId = (a: { nodeId: string }, b: { nodeId: string }) => (a.nodeId < b.nodeId ? -1 : 1);
    expect(fromSql.map(pick).sort(byId)).toEqual(fromRows.map(pick).sort(byId));
    expect(fromSql.map((r) => r.nodeId).sort()).toEqual([chain[0], chain[2]].sort());
    // Most promising first: the outer branch (60 and 80 → 70) before the inner (20).
    expect(fromSql.map((r) => r.nodeId)).toEqual([chain[0], chain[2]]);
    expect(fromSql[0]).toMatchObject({ branchSize: 4, depth: 1, promise: 70, estimateCount: 2 });
  });

  it("lists pruned branches across the debates I belong to, and only those", async () => {
    const me = await createUser(db());
    const mine = await createDebate(db(), { owner: me });
    const other = await createDebate(db());
    const a = await insertNode(db(), { debateId: mine.id, parentId: mine.rootNodeId, author: me, kind: "COMMENT" });
    const b = await insertNode(db(), { debateId: other.id, parentId: other.rootNodeId, author: other.owner, kind: "COMMENT" });
    await pruneBranch(me, mine.id, a.id, { category: "DUPLICATE", reason: "same as the root", duplicateOf: mine.rootNodeId });
    await pruneBranch(other.owner, other.id, b.id, { category: "UNPROMISING", reason: "not mine" });
    const rows = await myRevisit(me);
    expect(rows.map((r) => r.nodeId)).toEqual([a.id]);
    expect(rows[0]).toMatchObject({ debateId: mine.id, category: "DUPLICATE", duplicateOf: mine.rootNodeId, prunedById: me.id });
  });

  it("orders and filters in SQL exactly as revisitList does on the same rows", async () => {
    const fx = await createDebate(db(), { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" } } });
    const { builder, breaker } = fx.members;
    const chain = await insertNodeChain(db(), fx.id, fx.rootNodeId, [
      { author: breaker, kind: "COUNTEREXAMPLE" },
      { author: builder, kind: "REBUTTAL" },
      { author: breaker, kind: "COMMENT" },
    ]);
    const leaves = [];
    for (let i = 0; i < 5; i++) leaves.push(await insertNode(db(), { debateId: fx.id, parentId: fx.rootNodeId, author: builder, kind: "QUESTION" }));
    // Ties (two promises of 40, two without any) and nulls, so tie-breaking and null placement are compared too.
    const prunes: [string, string, number | undefined][] = [
      [chain[0]!, "UNPROMISING", 40],
      [chain[2]!, "CONCEDED", undefined],
      [leaves[0]!.id, "UNPROMISING", 40],
      [leaves[1]!.id, "OUT_OF_SCOPE", 90],
      [leaves[2]!.id, "UNPROMISING", undefined],
      [leaves[3]!.id, "CONCEDED", 5],
    ];
    for (const [nodeId, category, promise] of prunes) {
      await pruneBranch(fx.owner, fx.id, nodeId, { category, reason: "r", promise });
    }
    await estimateBranch(breaker, fx.id, leaves[3]!.id, 95);
    const rows = await debateRevisit(null, fx.id);
    const pureRows = (await debateOverview(null, fx.id)).revisit;
    expect(rows).toHaveLength(prunes.length);
    const ids = (list: { nodeId: string }[]) => list.map((r) => r.nodeId);
    for (const sort of REVISIT_SORTS) {
      for (const order of ["asc", "desc"] as const) {
        for (const category of [undefined, "UNPROMISING", "CONCEDED"] as const) {
          const options = { sort, order, category };
          const fromSql = ids(await debateRevisit(null, fx.id, options));
          expect(fromSql, JSON.stringify(options)).toEqual(ids(revisitList(rows, options)));
          expect(fromSql, JSON.stringify(options)).toEqual(ids(revisitList(pureRows, options)));
        }
      }
    }
  });
});
