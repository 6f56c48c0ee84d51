import { describe, expect, it } from "vitest";
import { computeFrontier, frontierSize, idleDays, stuckSignal, stuckThresholdMs, type Frontier } from "@/lib/domain/debate/frontier";
import { at, counterexample, node, patch, proposal, rebuttal } from "./fixtures";

const ids = (frontier: Frontier) => ({
  builder: frontier.builder.map((i) => i.node.id),
  breaker: frontier.breaker.map((i) => i.node.id),
  openQuestions: frontier.openQuestions.map((i) => i.node.id),
});
const v1 = [{ number: 1, nodeId: "p1" }];

describe("computeFrontier", () => {
  it("a fresh proposal awaits the breaker", () => {
    const frontier = computeFrontier([proposal()], v1);
    expect(ids(frontier)).toEqual({ builder: [], breaker: ["p1"], openQuestions: [] });
    expect(frontier.breaker[0]!.version).toBe(1);
  });

  it("an unanswered counterexample awaits the builder; the attacked version leaves the breaker list", () => {
    const frontier = computeFrontier([proposal(), counterexample("c1", "p1", [1])], v1);
    expect(ids(frontier)).toEqual({ builder: ["c1"], breaker: [], openQuestions: [] });
  });

  it("a version is attacked by a counterexample child even without targeting it", () => {
    const frontier = computeFrontier([proposal(), counterexample("c1", "p1", [])], v1);
    expect(frontier.breaker).toEqual([]);
  });

  it("a patch answers the counterexample and becomes the breaker's next target", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1]), patch("x2", "c1", ["c1"])];
    const frontier = computeFrontier(nodes, [...v1, { number: 2, nodeId: "x2" }]);
    expect(ids(frontier)).toEqual({ builder: [], breaker: ["x2"], openQuestions: [] });
  });

  it("a retracted patch does not answer", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1]), patch("x2", "c1", ["c1"], { retractedAt: at(50) })];
    const frontier = computeFrontier(nodes, [...v1, { number: 2, nodeId: "x2" }]);
    expect(ids(frontier)).toEqual({ builder: ["c1"], breaker: [], openQuestions: [] });
  });

  it("a pending rebuttal leaves the counterexample on the builder's list (it still breaks v1), marked as awaiting acceptance", () => {
    const frontier = computeFrontier([proposal(), counterexample("c1", "p1", [1]), rebuttal("r1", "c1")], v1);
    expect(frontier.builder.map((i) => [i.node.id, i.awaitingAcceptance])).toEqual([["c1", ["r1"]]]);
  });

  it("an accepted rebuttal takes the counterexample off the list; a refuted one does not, and is not awaiting acceptance", () => {
    const accepted = computeFrontier([proposal(), counterexample("c1", "p1", [1]), rebuttal("r1", "c1", { acceptedAt: at(50) })], v1);
    expect(accepted.builder).toEqual([]);
    const refuted = { resolutionMode: "EMPIRICAL" as const, outcome: "REFUTED" as const };
    for (const extra of [refuted, { ...refuted, acceptedAt: at(50) }]) {
      const frontier = computeFrontier([proposal(), counterexample("c1", "p1", [1]), rebuttal("r1", "c1", extra)], v1);
      expect(frontier.builder.map((i) => [i.node.id, i.awaitingAcceptance])).toEqual([["c1", []]]);
    }
  });

  it("a counterexample re-targeted at the patched version is the builder's move again", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1, 2]), patch("x2", "c1", ["c1"])];
    const frontier = computeFrontier(nodes, [...v1, { number: 2, nodeId: "x2" }]);
    expect(frontier.builder.map((i) => i.node.id)).toEqual(["c1"]);
  });

  it("a patch that created no version answers nothing", () => {
    const frontier = computeFrontier([proposal(), counterexample("c1", "p1", [1]), patch("x", "c1", ["c1"])], v1);
    expect(frontier.builder.map((i) => i.node.id)).toEqual(["c1"]);
  });

  it("a pruned or retracted rebuttal does not count as a reply", () => {
    for (const extra of [{ prunedAt: at(40) }, { retractedAt: at(40) }]) {
      const frontier = computeFrontier([proposal(), counterexample("c1", "p1", [1]), rebuttal("r1", "c1", extra)], v1);
      expect(frontier.builder.map((i) => i.node.id)).toEqual(["c1"]);
    }
  });

  it("counterexamples that are not live are not awaiting anyone", () => {
    const nodes = [
      proposal(),
      counterexample("defeated", "p1", [1], { resolutionMode: "EMPIRICAL", outcome: "REFUTED" }),
      counterexample("retracted", "p1", [1], { retractedAt: at(40) }),
      counterexample("pruned", "p1", [1], { prunedAt: at(40) }),
      node({ id: "q", parentId: "p1", kind: "QUESTION", prunedAt: at(40) }),
      counterexample("folded", "q", [1]),
    ];
    expect(computeFrontier(nodes, v1).builder).toEqual([]);
  });

  it("a retracted counterexample is not an attack on the version", () => {
    const frontier = computeFrontier([proposal(), counterexample("c1", "p1", [1], { retractedAt: at(40) })], v1);
    expect(frontier.breaker.map((i) => i.node.id)).toEqual(["p1"]);
  });

  it("questions without a visible reply are open", () => {
    const nodes = [
      proposal(),
      node({ id: "q1", parentId: "p1", kind: "QUESTION", createdAt: at(20) }),
      node({ id: "q2", parentId: "p1", kind: "QUESTION", createdAt: at(10) }),
      node({ id: "q3", parentId: "p1", kind: "QUESTION" }),
      node({ id: "reply", parentId: "q3", kind: "COMMENT" }),
      node({ id: "q4", parentId: "p1", kind: "QUESTION" }),
      node({ id: "gone", parentId: "q4", kind: "COMMENT", retractedAt: at(90) }),
      node({ id: "q5", parentId: "p1", kind: "QUESTION", retractedAt: at(90) }),
    ];
    expect(computeFrontier(nodes, v1).openQuestions.map((i) => i.node.id)).toEqual(["q2", "q1", "q4"]);
  });

  it("sorts each group oldest first and excludes pruned version nodes", () => {
    const nodes = [
      proposal("p1", { prunedAt: at(99) }),
      counterexample("late", "p1", [1], { createdAt: at(30) }),
      counterexample("early", "p1", [1], { createdAt: at(5) }),
    ];
    // Everything hangs under the pruned root: folded away.
    expect(frontierSize(computeFrontier(nodes, v1))).toBe(0);

    const open = computeFrontier(
      [proposal(), counterexample("late", "p1", [1], { createdAt: at(30) }), counterexample("early", "p1", [1], { createdAt: at(5) })],
      v1,
    );
    expect(open.builder.map((i) => i.node.id)).toEqual(["early", "late"]);
  });
});

describe("stuckSignal", () => {
  const empty: Frontier = { builder: [], breaker: [], openQuestions: [] };
  const busy = computeFrontier([proposal()], v1);
  const branches = [
    { nodeId: "low", promise: 10, branchSize: 50 },
    { nodeId: "none", promise: null, branchSize: 99 },
    { nodeId: "hi-small", promise: 80, branchSize: 2 },
    { nodeId: "hi-big", promise: 80, branchSize: 9 },
    { nodeId: "mid", promise: 40, branchSize: 1 },
  ];
  const base = { lastMoveAt: at(0), now: at(10), thresholdMs: 60 * 60_000, prunedBranches: branches };

  it("is not stuck while moves are recent", () => {
    expect(stuckSignal({ ...base, frontier: busy })).toEqual({
      stuck: false,
      reason: null,
      suggestions: [],
    });
  });

  it("is stuck when idle past the threshold", () => {
    const signal = stuckSignal({ ...base, now: at(60), frontier: busy });
    expect(signal).toMatchObject({ stuck: true, reason: "idle" });
  });

  it("is stuck when nobody has a move left: every frontier list is empty", () => {
    expect(stuckSignal({ ...base, frontier: empty }).reason).toBe("no-moves-left");
    expect(stuckSignal({ ...base, now: at(600), frontier: empty }).reason).toBe("no-moves-left");
    const questionOnly = { ...empty, openQuestions: busy.breaker };
    expect(stuckSignal({ ...base, frontier: questionOnly }).stuck).toBe(false);
  });

  it("suggests the three most promising pruned branches, larger first on ties, unknown promise last", () => {
    const signal = stuckSignal({ ...base, frontier: empty });
    expect(signal.suggestions.map((s) => s.nodeId)).toEqual(["hi-big", "hi-small", "mid"]);
    const few = stuckSignal({ ...base, prunedBranches: branches.slice(0, 2), frontier: empty });
    expect(few.suggestions.map((s) => s.nodeId)).toEqual(["low", "none"]);
  });

  describe("with a per-debate stuckAfterDays", () => {
    const day = 24 * 60;
    const idleAfter = (stuckAfterDays: number, idleMinutes: number) =>
      stuckSignal({ ...base, now: at(idleMinutes), frontier: busy, thresholdMs: stuckThresholdMs(stuckAfterDays) });

    it("14 days: 10 idle days are not stuck (the default 7 would be); 14 days are", () => {
      expect(idleAfter(7, 10 * day)).toMatchObject({ stuck: true, reason: "idle" });
      expect(idleAfter(14, 10 * day)).toEqual({ stuck: false, reason: null, suggestions: [] });
      expect(idleAfter(14, 14 * day - 1).stuck).toBe(false);
      expect(idleAfter(14, 14 * day)).toMatchObject({ stuck: true, reason: "idle" });
    });

    it("1 day: stuck from exactly 24 hours without a move", () => {
      expect(idleAfter(1, day - 1).stuck).toBe(false);
      expect(idleAfter(1, day)).toMatchObject({ stuck: true, reason: "idle", suggestions: [{ nodeId: "hi-big" }, { nodeId: "hi-small" }, { nodeId: "mid" }] });
    });

    it("365 days: a long threshold does not hide the structural reason", () => {
      expect(idleAfter(365, 364 * day).stuck).toBe(false);
      expect(idleAfter(365, 365 * day).stuck).toBe(true);
      const broken = stuckSignal({ ...base, now: at(1), frontier: empty, thresholdMs: stuckThresholdMs(365) });
      expect(broken.reason).toBe("no-moves-left");
    });

    it("idleDays counts whole days since the last move (never negative)", () => {
      expect(idleDays(at(0), at(day - 1))).toBe(0);
      expect(idleDays(at(0), at(10 * day + 5))).toBe(10);
      expect(idleDays(at(5), at(0))).toBe(0);
    });
  });
});
