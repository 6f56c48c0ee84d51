// The argument map's layout (lib/domain/debate/map-layout.ts): boxes never overlap, replies sit
// below what they answer, big debates draw a budget and count what they fold, cross-links
// end at drawn boxes. Real dagre, real forests.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildForest, type TreeRow } from "@/lib/domain/debate/tree";
import { assembleMapLayout, chooseDrawn, layoutMap, linkPaths, mapGraphOf, positionMapGraph, type MapLayout } from "@/lib/domain/debate/map-layout";
import { standingOf } from "@/lib/domain/debate/map-standing";
import { at } from "./fixtures";

interface Row extends TreeRow {
  prunedAt: Date | null;
}

/** A tree from a parent list: parents[i] is the index of node i+1's parent (always < i+1). */
function rowsFrom(parents: number[], pruned: number[] = []): Row[] {
  const rows: Row[] = [{ id: "n0", parentId: null, createdAt: at(0), prunedAt: null }];
  parents.forEach((p, i) => rows.push({ id: `n${i + 1}`, parentId: `n${p}`, createdAt: at(i + 1), prunedAt: pruned.includes(i + 1) ? at(100) : null }));
  return rows;
}

function overlaps(layout: MapLayout): string[] {
  const out: string[] = [];
  const boxes = layout.nodes;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) out.push(`${a.id}/${b.id}`);
    }
  }
  return out;
}

const parentLists = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => fc.nat({ max: i }))));

describe("layoutMap", () => {
  it("draws a small tree whole: no two boxes overlap and every child sits below its parent", () => {
    fc.assert(
      fc.property(parentLists, (parents) => {
        const forest = buildForest(rowsFrom(parents));
        const layout = layoutMap({ forest });
        expect(layout.nodes).toHaveLength(forest.byId.size);
        expect(layout.hiddenCount).toBe(0);
        expect(overlaps(layout)).toEqual([]);
        for (const box of layout.nodes) {
          if (box.parentId === null) continue;
          const parent = layout.byId.get(box.parentId)!;
          expect(box.y).toBeGreaterThanOrEqual(parent.y + parent.height);
        }
        // No crossing edges: at each depth, children keep their parents' left-to-right order.
        for (const a of layout.nodes) {
          for (const b of layout.nodes) {
            if (a.depth !== b.depth || !a.parentId || !b.parentId || a.parentId === b.parentId) continue;
            if (layout.byId.get(a.parentId)!.x < layout.byId.get(b.parentId)!.x) expect(a.x).toBeLessThan(b.x);
          }
        }
        // One edge per drawn reply, from the parent's box down to the child's.
        expect(layout.edges).toHaveLength(layout.nodes.length - layout.rootIds.length);
      }),
      { numRuns: 25 },
    );
  });

  it("keeps siblings oldest first, left to right", () => {
    const forest = buildForest(rowsFrom([0, 0, 0, 1, 1]));
    const layout = layoutMap({ forest });
    const xs = ["n1", "n2", "n3"].map((id) => layout.byId.get(id)!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(layout.byId.get("n0")!.childIds).toEqual(["n1", "n2", "n3"]);
  });

  it("past the budget folds whole branches and counts every folded move", () => {
    // A root with 4 children, each with 10 children, each of those with 2: 1 + 4 + 40 + 80 nodes.
    const parents: number[] = [0, 0, 0, 0];
    for (let c = 1; c <= 4; c++) for (let k = 0; k < 10; k++) parents.push(c);
    for (let g = 5; g <= 44; g++) parents.push(g, g);
    const forest = buildForest(rowsFrom(parents));
    expect(forest.byId.size).toBe(125);
    const layout = layoutMap({ forest, budget: 30 });
    expect(layout.nodes.length).toBeLessThanOrEqual(30);
    // Breadth-first: the root and its four children are open; the rest folded behind "+N more".
    expect(layout.nodes.length + layout.hiddenCount).toBe(125);
    const folded = layout.nodes.filter((n) => !n.open && n.hiddenCount > 0);
    expect(folded.length).toBeGreaterThan(0);
    for (const box of folded) expect(box.hiddenCount).toBe(forest.byId.get(box.id)!.subtreeSize - 1);
    expect(overlaps(layout)).toEqual([]);
  });

  it("opens a branch the reader asks for even past the budget, and folds one they close", () => {
    const forest = buildForest(rowsFrom([0, 0, 1, 1, 1, 2, 2]));
    const tight = layoutMap({ forest, budget: 3 });
    expect(tight.byId.get("n1")!.open).toBe(false);
    expect(tight.byId.get("n1")!.hiddenCount).toBe(3);
    const opened = layoutMap({ forest, budget: 3, expandedIds: new Set(["n1"]) });
    expect(opened.byId.get("n1")!.childIds).toEqual(["n3", "n4", "n5"]);
    const closed = layoutMap({ forest, collapsedIds: new Set(["n0"]) });
    expect(closed.nodes.map((n) => n.id)).toEqual(["n0"]);
    expect(closed.hiddenCount).toBe(7);
  });

  it("draws a pruned node faded-closed by default, and its branch on request", () => {
    const forest = buildForest(rowsFrom([0, 0, 1, 1, 3], [1]));
    const isPruned = (r: Row) => r.prunedAt !== null;
    const folded = layoutMap({ forest, isPruned });
    expect(folded.byId.has("n1")).toBe(true); // the pruned node itself is always drawn
    expect(folded.byId.get("n1")!.hiddenCount).toBe(3);
    expect(folded.byId.has("n3")).toBe(false);
    const shown = layoutMap({ forest, isPruned, showPruned: true });
    expect(shown.nodes).toHaveLength(6);
    const opened = layoutMap({ forest, isPruned, expandedIds: new Set(["n1"]) });
    expect(opened.byId.has("n3")).toBe(true);
  });

  it("lays out only the focused branch when the outline has a focus", () => {
    const forest = buildForest(rowsFrom([0, 0, 1, 1, 2]));
    const layout = layoutMap({ forest, focusId: "n1" });
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(["n1", "n3", "n4"]);
    expect(layout.rootIds).toEqual(["n1"]);
    expect(layout.totalCount).toBe(3);
  });
});

describe("linkPaths", () => {
  it("joins drawn boxes, ends a link to a folded node at its drawn ancestor, and skips one folded into a single box", () => {
    const forest = buildForest(rowsFrom([0, 0, 1, 2]));
    const layout = layoutMap({ forest, collapsedIds: new Set(["n2"]) });
    const paths = linkPaths(layout, forest, [
      { fromId: "n3", toId: "n1", type: "ATTACKS" },
      { fromId: "n3", toId: "n4", type: "SEE_ALSO" }, // n4 is folded into n2
      { fromId: "n2", toId: "n4", type: "SUPPORTS" }, // both ends in n2's box
      { fromId: "n3", toId: "gone", type: "SAME_CLAIM" },
    ]);
    expect(paths.map((p) => [p.link.type, p.folded])).toEqual([
      ["ATTACKS", false],
      ["SEE_ALSO", true],
    ]);
    const n2 = layout.byId.get("n2")!;
    expect(paths[1]!.to.x).toBe(n2.x + n2.width / 2);
  });
});

describe("standingOf", () => {
  const base = { retractedAt: null, prunedAt: null, acceptedAt: null, outcome: null, versionNumber: null };
  const standing = standingOf({
    versions: [{ number: 1, status: "broken" }, { number: 2, status: "stands" }],
    counterexamples: [
      { id: "ce-live", disposition: "live" },
      { id: "ce-patched", disposition: "live" },
      { id: "ce-rebutted", disposition: "rebutted" },
      { id: "ce-aside", disposition: "set-aside" },
    ],
    current: { brokenBy: ["ce-live"] },
  });
  it("names a counterexample live only when it breaks the current version", () => {
    expect(standing({ ...base, id: "ce-live", kind: "COUNTEREXAMPLE" })).toBe("live");
    expect(standing({ ...base, id: "ce-patched", kind: "COUNTEREXAMPLE" })).toBe("answered");
    expect(standing({ ...base, id: "ce-rebutted", kind: "COUNTEREXAMPLE" })).toBe("answered");
    expect(standing({ ...base, id: "ce-aside", kind: "COUNTEREXAMPLE" })).toBe("pruned");
  });
  it("gives versions their standing and lets retraction, pruning and resolution win", () => {
    expect(standing({ ...base, id: "p", kind: "PROPOSAL", versionNumber: 1 })).toBe("broken");
    expect(standing({ ...base, id: "x", kind: "PATCH", versionNumber: 2 })).toBe("stands");
    expect(standing({ ...base, id: "ce-live", kind: "COUNTEREXAMPLE", retractedAt: at(1) })).toBe("retracted");
    expect(standing({ ...base, id: "q", kind: "QUESTION", prunedAt: at(1) })).toBe("pruned");
    expect(standing({ ...base, id: "q", kind: "QUESTION", outcome: "SUPPORTED" })).toBe("resolved");
    expect(standing({ ...base, id: "r", kind: "REBUTTAL", acceptedAt: at(1) })).toBe("accepted");
    expect(standing({ ...base, id: "c", kind: "COMMENT" })).toBeNull();
  });
});

describe("the layout split for the worker (mapGraphOf → positionMapGraph → assembleMapLayout)", () => {
  it("crosses a structured clone (as to and from a Web Worker) and gives layoutMap's layout", () => {
    fc.assert(
      fc.property(parentLists, fc.integer({ min: 3, max: 80 }), (parents, budget) => {
        const forest = buildForest(rowsFrom(parents, [2]));
        const input = { forest, budget, isPruned: (row: Row) => row.prunedAt !== null };
        const picks = chooseDrawn(input);
        const sent = structuredClone(mapGraphOf(picks));
        const received = structuredClone(positionMapGraph(sent));
        const split = assembleMapLayout(input, picks, received);
        const whole = layoutMap(input);
        expect(split.nodes.map(({ row: _row, ...box }) => box)).toEqual(whole.nodes.map(({ row: _row, ...box }) => box));
        expect(split.edges).toEqual(whole.edges);
        expect([split.width, split.height, split.totalCount, split.hiddenCount]).toEqual([whole.width, whole.height, whole.totalCount, whole.hiddenCount]);
      }),
      { numRuns: 15 },
    );
  });

  it("refuses positions that miss a drawn node", () => {
    const forest = buildForest(rowsFrom([0, 0]));
    const picks = chooseDrawn({ forest });
    const positions = positionMapGraph(mapGraphOf(picks));
    delete positions.boxes.n2;
    expect(() => assembleMapLayout({ forest }, picks, positions)).toThrow(/no position for node n2/);
  });
});
