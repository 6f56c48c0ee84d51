import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { NodeRow } from "@/lib/domain/debate/tree";
import { computeScoreboard } from "@/lib/domain/debate/scoreboard";
import { computeFrontier, stuckSignal } from "@/lib/domain/debate/frontier";
import { at, counterexample, node, patch, proposal, rebuttal } from "./fixtures";

// Issue #13: the scoreboard counted a counterexample as breaking the proposal while the
// frontier left it off the Builder's list (it had a pending rebuttal), and the stuck
// banner then said nobody had a move. On random debates the three views must agree.

const flags = { retracted: fc.boolean(), pruned: fc.boolean(), refuted: fc.boolean() };
const state = (f: { retracted: boolean; pruned: boolean; refuted: boolean }, minute: number): Partial<NodeRow> => ({
  retractedAt: f.retracted ? at(minute) : null,
  prunedAt: f.pruned ? at(minute) : null,
  ...(f.refuted ? { resolutionMode: "EMPIRICAL" as const, outcome: "REFUTED" as const } : {}),
});

const arbitraryDebate = fc
  .record({
    versionCount: fc.integer({ min: 1, max: 4 }),
    counterexamples: fc.array(
      fc.record({
        targets: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
        // Attach to the proposal or to a patch (by version index).
        parentVersion: fc.integer({ min: 1, max: 4 }),
        ...flags,
        rebuttals: fc.array(fc.record({ accepted: fc.boolean(), ...flags }), { maxLength: 2 }),
      }),
      { maxLength: 5 },
    ),
    patches: fc.array(fc.record({ answers: fc.array(fc.nat(4), { maxLength: 3 }), retracted: fc.boolean() }), { minLength: 3, maxLength: 3 }),
    questions: fc.array(fc.record({ answered: fc.boolean(), pruned: fc.boolean() }), { maxLength: 2 }),
    prunedRoot: fc.boolean(),
  })
  .map(({ versionCount, counterexamples, patches, questions, prunedRoot }) => {
    const nodes: NodeRow[] = [proposal("p1", { prunedAt: prunedRoot ? at(1) : null })];
    const versions = [{ number: 1, nodeId: "p1" }];
    for (let v = 2; v <= versionCount; v++) {
      const p = patches[v - 2]!;
      const answered = p.answers.filter((i) => i < counterexamples.length).map((i) => `c${i}`);
      nodes.push(patch(`x${v}`, "p1", answered, { retractedAt: p.retracted ? at(3) : null }));
      versions.push({ number: v, nodeId: `x${v}` });
    }
    counterexamples.forEach((c, i) => {
      const parent = c.parentVersion <= versionCount && c.parentVersion > 1 ? `x${c.parentVersion}` : "p1";
      const targets = c.targets.filter((t) => t <= versionCount);
      nodes.push(counterexample(`c${i}`, parent, targets, state(c, 2)));
      c.rebuttals.forEach((r, j) => nodes.push(rebuttal(`r${i}-${j}`, `c${i}`, { acceptedAt: r.accepted ? at(4) : null, ...state(r, 5) })));
    });
    questions.forEach((q, i) => {
      nodes.push(node({ id: `q${i}`, parentId: "p1", kind: "QUESTION", prunedAt: q.pruned ? at(6) : null }));
      if (q.answered) nodes.push(node({ id: `a${i}`, parentId: `q${i}`, kind: "COMMENT" }));
    });
    return { nodes, versions };
  });

function views({ nodes, versions }: { nodes: NodeRow[]; versions: { number: number; nodeId: string }[] }) {
  const scoreboard = computeScoreboard({ versions, nodes });
  const frontier = computeFrontier(nodes, versions, scoreboard);
  // A move a minute ago: never idle, so only the structural reason can fire.
  const stuck = stuckSignal({ frontier, lastMoveAt: at(100), now: at(101), prunedBranches: [], thresholdMs: 7 * 24 * 3_600_000 });
  return { scoreboard, frontier, stuck };
}

describe("the scoreboard, the frontier and the stuck signal agree (random debates)", () => {
  it("the Builder's frontier is exactly the live counterexamples that break the current version", () => {
    fc.assert(
      fc.property(arbitraryDebate, (debate) => {
        const { scoreboard, frontier } = views(debate);
        const liveBreaking = scoreboard.counterexamples
          .filter((c) => c.disposition === "live" && scoreboard.current!.brokenBy.includes(c.id))
          .map((c) => c.id);
        expect(frontier.builder.map((i) => i.node.id)).toEqual(liveBreaking);
        expect(scoreboard.current!.status === "broken").toBe(frontier.builder.length > 0);
      }),
    );
  });

  it("the frontier also computes the same Builder's list without being handed the scoreboard", () => {
    fc.assert(
      fc.property(arbitraryDebate, (debate) => {
        const withBoard = views(debate).frontier.builder.map((i) => i.node.id);
        expect(computeFrontier(debate.nodes, debate.versions).builder.map((i) => i.node.id)).toEqual(withBoard);
      }),
    );
  });

  it("'nobody has a move' holds exactly when both frontiers (and the open questions) are empty, never while the proposal is broken", () => {
    fc.assert(
      fc.property(arbitraryDebate, (debate) => {
        const { scoreboard, frontier, stuck } = views(debate);
        const empty = frontier.builder.length === 0 && frontier.breaker.length === 0 && frontier.openQuestions.length === 0;
        expect(stuck.reason === "no-moves-left").toBe(empty);
        if (scoreboard.current!.status === "broken") expect(stuck.stuck).toBe(false);
      }),
    );
  });

  it("a rebuttal refuted by its resolution never knocks out a counterexample, accepted or not", () => {
    fc.assert(
      fc.property(arbitraryDebate, (debate) => {
        const { scoreboard, frontier } = views(debate);
        const byId = new Map(debate.nodes.map((n) => [n.id, n]));
        for (const c of scoreboard.counterexamples) {
          if (c.acceptedRebuttalId === null) continue;
          const r = byId.get(c.acceptedRebuttalId)!;
          expect(r.acceptedAt).not.toBeNull();
          expect(r.retractedAt).toBeNull();
          expect(r.outcome).not.toBe("REFUTED");
        }
        for (const item of frontier.builder) {
          for (const id of item.awaitingAcceptance ?? []) {
            const r = byId.get(id)!;
            expect([r.kind, r.parentId, r.acceptedAt, r.retractedAt]).toEqual(["REBUTTAL", item.node.id, null, null]);
            expect(r.outcome).not.toBe("REFUTED");
          }
        }
      }),
    );
  });
});
