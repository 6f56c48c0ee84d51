import { describe, expect, it } from "vitest";
import {
  assertCanReopen,
  branchTimeline,
  promiseAverage,
  revisitRows,
  revisitList,
  REVISIT_SORTS,
  validatePrune,
  validateReopen,
  visibilityStates,
  type PruneEventRow,
} from "@/lib/domain/debate/pruning";
import { buildForest, descendantIds } from "@/lib/domain/debate/tree";
import { appErrorOf, at, node } from "./fixtures";

const pruneEvent = (
  id: string,
  nodeId: string,
  minute: number,
  extra: Partial<PruneEventRow> = {},
): PruneEventRow => ({
  id,
  nodeId,
  actorId: "u-mod",
  action: "PRUNE",
  category: "UNPROMISING",
  reason: "going nowhere",
  promise: null,
  duplicateOf: null,
  createdAt: at(minute),
  ...extra,
});
const reopenEvent = (id: string, nodeId: string, minute: number): PruneEventRow =>
  pruneEvent(id, nodeId, minute, { action: "REOPEN", category: null, reason: "worth another look" });

describe("visibilityStates", () => {
  // root ── parent ── child ── grandchild
  const tree = (parentPruned: boolean, childPruned: boolean) => [
    node({ id: "root" }),
    node({ id: "parent", parentId: "root", prunedAt: parentPruned ? at(10) : null }),
    node({ id: "child", parentId: "parent", prunedAt: childPruned ? at(11) : null }),
    node({ id: "grandchild", parentId: "child" }),
  ];

  it("is open everywhere when nothing is pruned", () => {
    expect([...visibilityStates(tree(false, false)).values()]).toEqual(["open", "open", "open", "open"]);
  });

  it("folds the descendants of a pruned node without changing their own state", () => {
    const states = visibilityStates(tree(true, false));
    expect(states.get("root")).toBe("open");
    expect(states.get("parent")).toBe("pruned");
    expect(states.get("child")).toBe("folded");
    expect(states.get("grandchild")).toBe("folded");
  });

  it("keeps a separately pruned child pruned inside a pruned parent", () => {
    const states = visibilityStates(tree(true, true));
    expect(states.get("child")).toBe("pruned");
    expect(states.get("grandchild")).toBe("folded");
  });

  it("reopening the parent brings the child back still pruned", () => {
    const states = visibilityStates(tree(false, true));
    expect(states.get("parent")).toBe("open");
    expect(states.get("child")).toBe("pruned");
    expect(states.get("grandchild")).toBe("folded");
  });

  it("terminates on cycles and orphans", () => {
    const states = visibilityStates([
      { id: "a", parentId: "b", prunedAt: null },
      { id: "b", parentId: "a", prunedAt: at(1) },
      { id: "o", parentId: "missing", prunedAt: null },
    ]);
    expect(states.get("b")).toBe("pruned");
    expect(states.get("a")).toBe("folded");
    expect(states.get("o")).toBe("open");
  });
});

describe("assertCanReopen", () => {

  it("reopens only a node pruned itself", () => {
    expect(() => assertCanReopen({ prunedAt: at(1) })).not.toThrow();
    expect(appErrorOf(() => assertCanReopen({ prunedAt: null })).code).toBe("CONFLICT");
    expect(appErrorOf(() => assertCanReopen({ prunedAt: null }, "folded")).message).toMatch(/branch above/);
  });

  it("reports a missing node as NOT_FOUND", () => {
    expect(appErrorOf(() => assertCanReopen(undefined)).code).toBe("NOT_FOUND");
  });
});

describe("validatePrune", () => {
  const target = { id: "n", debateId: "d1" };
  const forest = buildForest([node({ id: "root" }), node({ id: "n", parentId: "root" }), node({ id: "below", parentId: "n" })]);
  // The pruned node's branch: itself and its descendants.
  const branchIds = new Set([target.id, ...descendantIds(forest, target.id)]);

  it("accepts every category and normalizes optional fields", () => {
    for (const category of ["UNPROMISING", "ANSWERED_ELSEWHERE", "OUT_OF_SCOPE", "CONCEDED", "REFUTED"]) {
      expect(validatePrune({ category, reason: "  why  " }, target)).toEqual({
        category,
        reason: "why",
        promise: null,
        duplicateOf: null,
      });
    }
  });

  it("rejects an unknown category", () => {
    expect(appErrorOf(() => validatePrune({ category: "BORING", reason: "x" }, target)).details).toEqual({
      field: "category",
    });
  });

  it("requires a reason of 1..2000 characters", () => {
    expect(appErrorOf(() => validatePrune({ category: "UNPROMISING", reason: "   " }, target)).code).toBe("BAD_REQUEST");
    expect(validatePrune({ category: "UNPROMISING", reason: "x".repeat(2000) }, target).reason).toHaveLength(2000);
    expect(appErrorOf(() => validatePrune({ category: "UNPROMISING", reason: "x".repeat(2001) }, target)).message).toMatch(
      /2000/,
    );
  });

  it("counts characters, not UTF-16 units", () => {
    expect(() => validatePrune({ category: "UNPROMISING", reason: "😀".repeat(2000) }, target)).not.toThrow();
  });

  it("takes an optional integer promise from 0 to 100", () => {
    expect(validatePrune({ category: "UNPROMISING", reason: "x", promise: 0 }, target).promise).toBe(0);
    expect(validatePrune({ category: "UNPROMISING", reason: "x", promise: 100 }, target).promise).toBe(100);
    for (const promise of [-1, 101, 50.5, Number.NaN]) {
      expect(appErrorOf(() => validatePrune({ category: "UNPROMISING", reason: "x", promise }, target)).details).toEqual({
        field: "promise",
      });
    }
  });

  it("DUPLICATE requires a node in the same debate", () => {
    const ok = validatePrune(
      { category: "DUPLICATE", reason: "same as root", duplicateOf: "root" },
      target,
      { duplicateTarget: { id: "root", debateId: "d1" }, branchIds },
    );
    expect(ok.duplicateOf).toBe("root");
    expect(appErrorOf(() => validatePrune({ category: "DUPLICATE", reason: "x" }, target)).details).toEqual({
      field: "duplicateOf",
    });
    expect(
      appErrorOf(() =>
        validatePrune({ category: "DUPLICATE", reason: "x", duplicateOf: "zz" }, target, { duplicateTarget: null }),
      ).message,
    ).toMatch(/not found/);
    expect(
      appErrorOf(() =>
        validatePrune({ category: "DUPLICATE", reason: "x", duplicateOf: "other" }, target, {
          duplicateTarget: { id: "other", debateId: "d2" },
        }),
      ).message,
    ).toMatch(/not found in this debate/);
  });

  it("DUPLICATE cannot point at itself or its own descendant", () => {
    expect(
      appErrorOf(() =>
        validatePrune({ category: "DUPLICATE", reason: "x", duplicateOf: "n" }, target, {
          duplicateTarget: { id: "n", debateId: "d1" },
          branchIds,
        }),
      ).message,
    ).toMatch(/itself/);
    expect(
      appErrorOf(() =>
        validatePrune({ category: "DUPLICATE", reason: "x", duplicateOf: "below" }, target, {
          duplicateTarget: { id: "below", debateId: "d1" },
          branchIds,
        }),
      ).message,
    ).toMatch(/descendant/);
    // One rule, one code: 409 like moving a node under its own descendant.
    expect(
      appErrorOf(() =>
        validatePrune({ category: "DUPLICATE", reason: "x", duplicateOf: "below" }, target, {
          duplicateTarget: { id: "below", debateId: "d1" },
          branchIds,
        }),
      ),
    ).toMatchObject({ code: "CONFLICT", details: { field: "duplicateOf" } });
  });

  it("refuses duplicateOf on other categories", () => {
    expect(
      appErrorOf(() => validatePrune({ category: "CONCEDED", reason: "x", duplicateOf: "root" }, target)).details,
    ).toEqual({ field: "duplicateOf" });
  });

  it("reopen needs a reason too", () => {
    expect(validateReopen({ reason: " new evidence " })).toEqual({ reason: "new evidence" });
    expect(appErrorOf(() => validateReopen({ reason: "" })).code).toBe("BAD_REQUEST");
  });
});

describe("branchTimeline", () => {
  it("orders events and tracks each node's state, flagging redundant events", () => {
    const timeline = branchTimeline([
      reopenEvent("e3", "n", 3),
      pruneEvent("e1", "n", 1),
      pruneEvent("e2", "n", 2),
      reopenEvent("e4", "m", 4),
    ]);
    expect(timeline.map((t) => [t.event.id, t.stateAfter, t.redundant])).toEqual([
      ["e1", "pruned", false],
      ["e2", "pruned", true],
      ["e3", "open", false],
      ["e4", "open", true],
    ]);
  });
});

describe("promiseAverage", () => {
  it("averages estimates and is null without any", () => {
    expect(promiseAverage([])).toBeNull();
    expect(promiseAverage([{ promise: 20 }, { promise: 70 }])).toBe(45);
  });
});

describe("revisitRows", () => {
  // root ─┬─ a (pruned) ── a1 ── a2 (pruned, nested)
  //       └─ b (pruned)
  const nodes = [
    node({ id: "root", createdAt: at(0) }),
    node({ id: "a", parentId: "root", createdAt: at(1), prunedAt: at(30), title: "Alpha branch" }),
    node({ id: "a1", parentId: "a", createdAt: at(2) }),
    node({ id: "a2", parentId: "a1", createdAt: at(40), prunedAt: at(45) }),
    node({ id: "b", parentId: "root", createdAt: at(3), prunedAt: at(20) }),
    node({ id: "c", parentId: "root", createdAt: at(4) }),
  ];
  const events = [
    pruneEvent("e1", "a", 10, { actorId: "u1", reason: "old reason", category: "UNPROMISING" }),
    reopenEvent("e2", "a", 20),
    pruneEvent("e3", "a", 30, { actorId: "u2", reason: "answered in c", category: "ANSWERED_ELSEWHERE", promise: 15 }),
    pruneEvent("e4", "b", 20, { actorId: "u1", reason: "dup", category: "DUPLICATE", duplicateOf: "c", promise: 80 }),
    pruneEvent("e5", "a2", 45, { actorId: "u3", category: "CONCEDED" }),
  ];
  const estimates = [
    { nodeId: "a", promise: 40 },
    { nodeId: "a", promise: 60 },
  ];
  const rows = revisitRows(nodes, events, estimates, at(100));
  const get = (id: string) => rows.find((r) => r.nodeId === id)!;

  it("has one row per node pruned itself", () => {
    expect(rows.map((r) => r.nodeId).sort()).toEqual(["a", "a2", "b"]);
  });

  it("uses the latest prune event for reason, category and pruner", () => {
    expect(get("a")).toMatchObject({
      title: "Alpha branch",
      reason: "answered in c",
      category: "ANSWERED_ELSEWHERE",
      prunedById: "u2",
      prunedAgeMs: 70 * 60_000,
      branchSize: 3,
      depth: 1,
      lastActivityAt: at(40),
      nested: false,
    });
    expect(get("b")).toMatchObject({ duplicateOf: "c", category: "DUPLICATE", branchSize: 1 });
  });

  it("averages estimates, falling back to the promise given when pruning", () => {
    expect(get("a")).toMatchObject({ promise: 50, estimateCount: 2 });
    expect(get("b")).toMatchObject({ promise: 80, estimateCount: 0 });
    expect(get("a2").promise).toBeNull();
  });

  it("flags a branch pruned inside another pruned branch", () => {
    expect(get("a2")).toMatchObject({ nested: true, depth: 3 });
  });

  it("sorts by each revisit key with nulls last, ties by node id", () => {
    const ids = (options: Parameters<typeof revisitList>[1]) => revisitList(rows, options).map((r) => r.nodeId);
    expect(ids({})).toEqual(["b", "a", "a2"]); // promise, most promising first
    expect(ids({ sort: "promise", order: "asc" })).toEqual(["a", "b", "a2"]);
    expect(ids({ sort: "size" })[0]).toBe("a");
    expect(ids({ sort: "age" })).toEqual(["b", "a", "a2"]); // oldest first
    expect(ids({ sort: "age", order: "asc" })).toEqual(["a2", "a", "b"]);
    expect(ids({ sort: "depth", order: "asc" })).toEqual(["a", "b", "a2"]);
    expect(ids({ sort: "activity", order: "asc" })).toEqual(["b", "a", "a2"]);
  });

  it("sorts JSON rows (ISO text timestamps) like rows with dates", () => {
    const json = rows.map((r) => ({ ...r, prunedAt: r.prunedAt.toISOString(), lastActivityAt: r.lastActivityAt.toISOString() }));
    for (const sort of REVISIT_SORTS) {
      for (const order of ["asc", "desc"] as const) {
        expect(revisitList(json, { sort, order }).map((r) => r.nodeId)).toEqual(revisitList(rows, { sort, order }).map((r) => r.nodeId));
      }
    }
  });

  it("filters by category", () => {
    expect(revisitList(rows, { category: "DUPLICATE" }).map((r) => r.nodeId)).toEqual(["b"]);
    expect(revisitList(rows, { category: "REFUTED" })).toEqual([]);
    expect(revisitList(rows, { category: null })).toHaveLength(3);
  });
});
