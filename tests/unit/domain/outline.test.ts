// The reading order behind the paged tree: depth first, siblings in creation order, counts per node,
// no row dropped (orphans and cycles become roots), pages that skip too-deep branches whole.
import { describe, expect, it } from "vitest";
import { pagePositions, pathPositions, readingOrder } from "@/lib/domain/debate/outline";

const skeleton = [
  { id: "r", parentId: null },
  { id: "a", parentId: "r" },
  { id: "b", parentId: "r" },
  { id: "a1", parentId: "a" },
  { id: "a1x", parentId: "a1" },
  { id: "b1", parentId: "b" },
  { id: "a2", parentId: "a" },
];

describe("readingOrder", () => {
  it("walks depth first with siblings in the given (creation) order, with child and descendant counts", () => {
    const order = readingOrder(skeleton);
    expect(order.ids).toEqual(["r", "a", "a1", "a1x", "a2", "b", "b1"]);
    expect([...order.depth]).toEqual([0, 1, 2, 3, 2, 1, 2]);
    expect([...order.childCount]).toEqual([2, 2, 1, 0, 0, 1, 0]);
    expect([...order.descendantCount]).toEqual([6, 3, 1, 0, 0, 1, 0]);
    expect(order.positionOf("a2")).toBe(4);
    expect(order.positionOf("nope")).toBeUndefined();
  });

  it("keeps orphans, cycles and duplicates from losing rows or looping", () => {
    const order = readingOrder([...skeleton, { id: "o", parentId: "gone" }, { id: "c1", parentId: "c2" }, { id: "c2", parentId: "c1" }, { id: "a", parentId: "b" }, { id: "s", parentId: "s" }]);
    expect(order.ids).toEqual(["r", "a", "a1", "a1x", "a2", "b", "b1", "o", "s", "c1", "c2"]);
    expect(new Set(order.ids).size).toBe(order.ids.length);
  });

  it("is linear: 200,000 nodes in a chain and in a star", () => {
    const n = 200_000;
    const chain = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, parentId: i ? `n${i - 1}` : null }));
    expect(readingOrder(chain).depth[n - 1]).toBe(n - 1);
    const star = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, parentId: i ? "n0" : null }));
    expect(readingOrder(star).childCount[0]).toBe(n - 1);
  });
});

describe("pagePositions", () => {
  const order = readingOrder(skeleton);
  it("pages the whole order", () => {
    expect(pagePositions(order, {}, -1, 3)).toEqual({ positions: [0, 1, 2], more: true });
    expect(pagePositions(order, {}, 2, 10)).toEqual({ positions: [3, 4, 5, 6], more: false });
    expect(pagePositions(order, {}, 3, 3)).toEqual({ positions: [4, 5, 6], more: false });
  });
  it("pages a subtree down to a depth, skipping deeper branches whole", () => {
    expect(pagePositions(order, { under: "r", depth: 1 }, -1, 10)).toEqual({ positions: [1, 5], more: false });
    expect(pagePositions(order, { under: "r", depth: 1 }, -1, 1)).toEqual({ positions: [1], more: true });
    expect(pagePositions(order, { under: "r", depth: 1 }, 1, 1)).toEqual({ positions: [5], more: false });
    expect(pagePositions(order, { under: "a" }, -1, 10)).toEqual({ positions: [2, 3, 4], more: false });
    expect(pagePositions(order, { under: "a1x" }, -1, 10)).toEqual({ positions: [], more: false });
    expect(pagePositions(order, { under: "nope" }, -1, 10)).toBeNull();
  });
});

describe("pathPositions", () => {
  it("is a node's ancestors and the node, root first, past earlier siblings' subtrees", () => {
    // r ─ a ─ a1 ─ a11
    //   └ b ─ b1
    const order = readingOrder([
      { id: "r", parentId: null }, { id: "a", parentId: "r" }, { id: "a1", parentId: "a" }, { id: "a11", parentId: "a1" },
      { id: "b", parentId: "r" }, { id: "b1", parentId: "b" },
    ]);
    const idsOf = (id: string) => pathPositions(order, order.positionOf(id)!).map((p) => order.ids[p]);
    expect(idsOf("b1")).toEqual(["r", "b", "b1"]);
    expect(idsOf("a11")).toEqual(["r", "a", "a1", "a11"]);
    expect(idsOf("r")).toEqual(["r"]);
  });
});
