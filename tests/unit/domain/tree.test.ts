import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ancestorPath,
  assertValidParent,
  buildForest,
  descendantIds,
  flattenVisible,
  isDescendant,
  type TreeRow,
} from "@/lib/domain/debate/tree";
import { appErrorOf, at } from "./fixtures";

const row = (id: string, parentId: string | null, minute = 0, updatedMinute?: number): TreeRow => ({
  id,
  parentId,
  createdAt: at(minute),
  ...(updatedMinute === undefined ? {} : { updatedAt: at(updatedMinute) }),
});

// root ─┬─ a ─┬─ a1
//       │     └─ a2 ── a2x
//       └─ b
const sample = () => [
  row("a2x", "a2", 5),
  row("b", "root", 2),
  row("a1", "a", 3),
  row("root", null, 0),
  row("a", "root", 1),
  row("a2", "a", 4),
];

describe("buildForest", () => {
  it("links children to parents regardless of row order", () => {
    const forest = buildForest(sample());
    expect(forest.roots.map((r) => r.id)).toEqual(["root"]);
    expect(forest.byId.get("root")!.children.map((c) => c.id)).toEqual(["a", "b"]);
    expect(forest.byId.get("a")!.children.map((c) => c.id)).toEqual(["a1", "a2"]);
    expect(forest.orphanIds).toEqual([]);
    expect(forest.cycles).toEqual([]);
  });

  it("computes depth, subtree size and last activity", () => {
    const forest = buildForest(sample());
    const get = (id: string) => forest.byId.get(id)!;
    expect(get("root").depth).toBe(0);
    expect(get("a2x").depth).toBe(3);
    expect(get("root").subtreeSize).toBe(6);
    expect(get("a").subtreeSize).toBe(4);
    expect(get("b").subtreeSize).toBe(1);
    expect(get("root").lastActivityAt).toEqual(at(5));
    expect(get("a1").lastActivityAt).toEqual(at(3));
  });

  it("counts updatedAt as activity", () => {
    const forest = buildForest([row("root", null, 0), row("a", "root", 1, 50)]);
    expect(forest.byId.get("root")!.lastActivityAt).toEqual(at(50));
  });

  it("orders siblings oldest first, ties by id", () => {
    const forest = buildForest([row("r", null, 0), row("z", "r", 1), row("y", "r", 1), row("x", "r", 0.5)]);
    expect(forest.byId.get("r")!.children.map((c) => c.id)).toEqual(["x", "y", "z"]);
  });

  it("promotes orphans to roots and reports them", () => {
    const forest = buildForest([row("root", null, 0), row("lost", "missing", 1), row("lostChild", "lost", 2)]);
    expect(forest.orphanIds).toEqual(["lost"]);
    expect(forest.roots.map((r) => r.id)).toEqual(["root", "lost"]);
    expect(forest.byId.get("lostChild")!.depth).toBe(1);
  });

  it("breaks a cycle at its oldest member and reports it", () => {
    const forest = buildForest([row("c", "b", 3), row("a", "c", 1), row("b", "a", 2), row("d", "a", 4)]);
    expect(forest.cycles).toHaveLength(1);
    expect([...forest.cycles[0]!].sort()).toEqual(["a", "b", "c"]);
    expect(forest.roots.map((r) => r.id)).toEqual(["a"]);
    expect(forest.byId.get("a")!.subtreeSize).toBe(4);
    expect(forest.byId.get("c")!.depth).toBe(2);
  });

  it("handles a self-parent as a cycle of one", () => {
    const forest = buildForest([row("self", "self", 0)]);
    expect(forest.cycles).toEqual([["self"]]);
    expect(forest.roots.map((r) => r.id)).toEqual(["self"]);
  });

  it("keeps the first row of a duplicated id", () => {
    const first = row("x", null, 0);
    const forest = buildForest([first, row("x", null, 9)]);
    expect(forest.duplicateIds).toEqual(["x"]);
    expect(forest.byId.get("x")!.row).toBe(first);
  });

  it("handles an empty input", () => {
    expect(buildForest([]).roots).toEqual([]);
  });

  it("copes with a deep chain without recursion limits", () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => row(`n${i}`, i === 0 ? null : `n${i - 1}`, i));
    const forest = buildForest(rows.reverse());
    expect(forest.byId.get("n0")!.subtreeSize).toBe(50_000);
    expect(forest.byId.get("n49999")!.depth).toBe(49_999);
  });
});

describe("descendants and ancestors", () => {
  const forest = buildForest(sample());

  it("lists descendants in pre-order, excluding the node", () => {
    expect(descendantIds(forest, "a")).toEqual(["a1", "a2", "a2x"]);
    expect(descendantIds(forest, "b")).toEqual([]);
    expect(descendantIds(forest, "nope")).toEqual([]);
  });

  it("gives breadcrumbs from the root to the parent", () => {
    expect(ancestorPath(forest, "a2x").map((r) => r.id)).toEqual(["root", "a", "a2"]);
    expect(ancestorPath(forest, "root")).toEqual([]);
    expect(ancestorPath(forest, "nope")).toEqual([]);
  });

  it("answers isDescendant strictly", () => {
    expect(isDescendant(forest, "a", "a2x")).toBe(true);
    expect(isDescendant(forest, "a", "a")).toBe(false);
    expect(isDescendant(forest, "b", "a1")).toBe(false);
  });
});

describe("flattenVisible", () => {
  const forest = buildForest(sample());

  it("shows only roots when nothing is expanded", () => {
    const rows = flattenVisible(forest, []);
    expect(rows.map((r) => r.node.id)).toEqual(["root"]);
    expect(rows[0]).toMatchObject({ depth: 0, hasChildren: true, expanded: false });
  });

  it("shows children of expanded nodes in display order", () => {
    const rows = flattenVisible(forest, new Set(["root", "a"]));
    expect(rows.map((r) => [r.node.id, r.depth])).toEqual([
      ["root", 0],
      ["a", 1],
      ["a1", 2],
      ["a2", 2],
      ["b", 1],
    ]);
  });

  it("hides descendants of a collapsed node even if they are expanded", () => {
    const rows = flattenVisible(forest, ["a", "a2"]);
    expect(rows.map((r) => r.node.id)).toEqual(["root"]);
  });

  it("never marks a leaf as expanded", () => {
    const rows = flattenVisible(forest, ["root", "b"]);
    expect(rows.find((r) => r.node.id === "b")).toMatchObject({ hasChildren: false, expanded: false });
  });
});

describe("assertValidParent", () => {
  const forest = buildForest(sample());

  it("accepts a parent in the same debate", () => {
    expect(() => assertValidParent("d1", { id: "a", debateId: "d1" })).not.toThrow();
  });

  it("rejects a missing parent", () => {
    expect(appErrorOf(() => assertValidParent("d1", null)).code).toBe("NOT_FOUND");
  });

  it("rejects a parent from another debate", () => {
    const error = appErrorOf(() => assertValidParent("d1", { id: "a", debateId: "d2" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/same debate/);
  });

  it("rejects moving a node under itself or its descendant", () => {
    expect(appErrorOf(() => assertValidParent("d1", { id: "a", debateId: "d1" }, { nodeId: "a", forest })).code).toBe(
      "CONFLICT",
    );
    const error = appErrorOf(() => assertValidParent("d1", { id: "a2x", debateId: "d1" }, { nodeId: "a", forest }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/descendant/);
  });

  it("allows moving a node to a sibling branch", () => {
    expect(() => assertValidParent("d1", { id: "b", debateId: "d1" }, { nodeId: "a", forest })).not.toThrow();
  });
});

describe("buildForest properties", () => {
  // Arbitrary parent pointers: forward, backward, self, missing ids, cycles.
  const arbitraryRows = fc
    .array(fc.tuple(fc.option(fc.nat(40), { nil: null }), fc.nat(100)), { maxLength: 40 })
    .map((specs) => specs.map(([parent, minute], i) => row(`n${i}`, parent === null ? null : `n${parent}`, minute)));

  it("never loses or duplicates a node, whatever the pointers", () => {
    fc.assert(
      fc.property(arbitraryRows, (rows) => {
        const forest = buildForest(rows);
        const reachable = flattenVisible(forest, rows.map((r) => r.id)).map((r) => r.node.id);
        expect([...reachable].sort()).toEqual(rows.map((r) => r.id).sort());
        const totalSize = forest.roots.reduce((s, r) => s + r.subtreeSize, 0);
        expect(totalSize).toBe(rows.length);
      }),
    );
  });

  it("gives every non-root a depth one more than its parent", () => {
    fc.assert(
      fc.property(arbitraryRows, (rows) => {
        const forest = buildForest(rows);
        for (const n of forest.byId.values()) {
          expect(n.depth).toBe(n.parent ? n.parent.depth + 1 : 0);
        }
      }),
    );
  });
});
