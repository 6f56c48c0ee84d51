// The crux ledger's arithmetic: stake, the largest move, double-crux detection,
// expected belief change, verdicts, and pre-committed vs actual updates.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  claimLedger,
  claimProbability,
  claimVerdict,
  doubleCruxPairs,
  expectedBeliefChange,
  expectedMove,
  isDoubleCrux,
  largestMove,
  latestPerUser,
  stake,
  DOUBLE_CRUX_MIN_MOVE,
  type EstimateRow,
  type FollowUpRow,
} from "@/lib/domain/cruxes/ledger";
import { isEndorsed, pinnedSummary } from "@/lib/domain/debate/summaries";
import { causesNotifications, draftEventNotifications } from "@/lib/domain/notifications/drafts";
import type { Side } from "@/lib/domain/vocabulary";

const t = (minute: number) => new Date(Date.UTC(2026, 11, 6, 12, minute));
const est = (userId: string, side: Side, credence: number, ifTrue: number, ifFalse: number, minute = 0): EstimateRow => ({
  nodeId: "claim", userId, side, credence, ifTrue, ifFalse, createdAt: t(minute),
});
const follow = (userId: string, claimTrue: boolean, credence: number, confirmed: boolean, minute: number): FollowUpRow => ({
  nodeId: "claim", userId, claimTrue, credence, confirmed, createdAt: t(minute),
});

// The classic double crux: the Builder would drop a lot if the claim is false, the Breaker rise a lot if it is true.
const builder = est("b", "BUILDER", 0.8, 0.9, 0.3);
const breaker = est("k", "BREAKER", 0.2, 0.7, 0.1);

describe("one person's numbers", () => {
  it("stake is |ifTrue − ifFalse|", () => {
    expect(stake(builder)).toBeCloseTo(0.6);
    expect(stake(est("x", "OBSERVER", 0.5, 0.5, 0.5))).toBe(0);
  });

  it("the largest move is signed; equal moves in opposite directions have no direction", () => {
    expect(largestMove(builder)).toBeCloseTo(-0.5);
    expect(largestMove(breaker)).toBeCloseTo(0.5);
    expect(largestMove(est("x", "BUILDER", 0.5, 0.75, 0.25))).toBe(0);
    expect(largestMove(est("x", "BUILDER", 0.5, 0.7, 0.7))).toBeCloseTo(0.2);
  });

  it("the claim's probability: the prediction when there is one, else implied by the numbers (clamped)", () => {
    expect(claimProbability(builder)).toBeCloseTo((0.8 - 0.3) / 0.6);
    expect(claimProbability(builder, 0.25)).toBe(0.25);
    expect(claimProbability(est("x", "BUILDER", 0.95, 0.9, 0.3))).toBe(1);
    expect(claimProbability(est("x", "BUILDER", 0.5, 0.4, 0.4))).toBe(0.5);
  });

  it("expected move weights each conditional move by the person's own probability of the claim", () => {
    // q = 5/6: 5/6·0.1 + 1/6·0.5
    expect(expectedMove(builder)).toBeCloseTo((5 / 6) * 0.1 + (1 / 6) * 0.5);
    // With a prediction of 0.5 on the claim: half of each move.
    expect(expectedMove(builder, 0.5)).toBeCloseTo(0.3);
  });
});

describe("double cruxes", () => {
  it("a Builder and a Breaker who would each move ≥ 0.2 in opposite directions", () => {
    expect(doubleCruxPairs([builder, breaker])).toEqual([{ builderId: "b", breakerId: "k", builderMove: expect.closeTo(-0.5), breakerMove: expect.closeTo(0.5) }]);
  });

  it("not when both move the same way, when a move is small, or when one is an observer", () => {
    expect(isDoubleCrux([builder, est("k", "BREAKER", 0.2, 0.1, 0.0)])).toBe(false); // breaker's largest move is down too
    expect(isDoubleCrux([builder, est("k", "BREAKER", 0.2, 0.35, 0.15)])).toBe(false); // 0.15 < 0.2
    expect(isDoubleCrux([builder, { ...breaker, side: "OBSERVER" }])).toBe(false);
    expect(isDoubleCrux([builder, est("b2", "BUILDER", 0.2, 0.7, 0.1)])).toBe(false); // two builders
  });

  it("only a person's latest estimate counts", () => {
    const changed = est("k", "BREAKER", 0.2, 0.25, 0.15, 5);
    expect(isDoubleCrux([builder, breaker, changed])).toBe(false);
    expect(isDoubleCrux([builder, changed, { ...breaker, createdAt: t(9) }])).toBe(true);
    expect(latestPerUser([breaker, changed]).map((e) => e.createdAt)).toEqual([t(5)]);
  });

  it("property: the pairs are exactly the opposite-direction builder × breaker pairs over the threshold, and swapping sides keeps them", () => {
    const credence = fc.double({ min: 0, max: 1, noNaN: true });
    const person = fc.record({ side: fc.constantFrom<Side>("BUILDER", "BREAKER", "OBSERVER"), credence, ifTrue: credence, ifFalse: credence });
    fc.assert(
      fc.property(fc.array(person, { maxLength: 6 }), (people) => {
        const rows = people.map((p, i) => est(`u${i}`, p.side, p.credence, p.ifTrue, p.ifFalse));
        const pairs = doubleCruxPairs(rows);
        for (const pair of pairs) {
          expect(Math.abs(pair.builderMove)).toBeGreaterThanOrEqual(DOUBLE_CRUX_MIN_MOVE);
          expect(Math.abs(pair.breakerMove)).toBeGreaterThanOrEqual(DOUBLE_CRUX_MIN_MOVE);
          expect(Math.sign(pair.builderMove)).toBe(-Math.sign(pair.breakerMove));
        }
        const big = (side: Side) => rows.filter((r) => r.side === side && Math.abs(largestMove(r)) >= DOUBLE_CRUX_MIN_MOVE);
        const expected = big("BUILDER").flatMap((b) => big("BREAKER").filter((k) => Math.sign(largestMove(b)) === -Math.sign(largestMove(k))));
        expect(pairs).toHaveLength(expected.length);
        const swapped = rows.map((r) => ({ ...r, side: r.side === "BUILDER" ? "BREAKER" : r.side === "BREAKER" ? "BUILDER" : r.side }) as EstimateRow);
        expect(doubleCruxPairs(swapped)).toHaveLength(pairs.length);
      }),
    );
  });
});

describe("expected belief change", () => {
  it("sums every participant's expected move (latest estimates only)", () => {
    expect(expectedBeliefChange([builder, breaker])).toBeCloseTo(expectedMove(builder) + expectedMove(breaker));
    expect(expectedBeliefChange([])).toBe(0);
    expect(expectedBeliefChange([builder, { ...builder, credence: 0.9, createdAt: t(3) }])).toBeCloseTo(expectedMove({ ...builder, credence: 0.9 }));
  });

  it("property: between 0 and the sum of the larger conditional moves, 0 for people the claim does not move", () => {
    const credence = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(credence, credence, credence), { maxLength: 8 }), fc.option(credence), (triples, prediction) => {
        const rows = triples.map(([c, yes, no], i) => est(`u${i}`, "BUILDER", c, yes, no));
        const predictions = new Map(prediction === null ? [] : rows.map((r) => [r.userId, prediction]));
        const total = expectedBeliefChange(rows, predictions);
        const bound = rows.reduce((s, r) => s + Math.max(Math.abs(r.ifTrue - r.credence), Math.abs(r.ifFalse - r.credence)), 0);
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(bound + 1e-9);
        const unmoved = rows.map((r) => ({ ...r, ifTrue: r.credence, ifFalse: r.credence }));
        expect(expectedBeliefChange(unmoved, predictions)).toBeCloseTo(0);
      }),
    );
  });

  it("property: with coherent numbers the expected move is 2q(1−q)·stake", () => {
    const unit = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(unit, unit, unit, (q, yes, no) => {
        const credence = q * yes + (1 - q) * no;
        const row = est("u", "BUILDER", credence, yes, no);
        expect(expectedMove(row, q)).toBeCloseTo(2 * q * (1 - q) * Math.abs(yes - no), 9);
      }),
    );
  });
});

describe("verdicts", () => {
  const open = { status: "open" as const, outcome: null, resolvedAt: null };
  const notPruned = { prunedAt: null, category: null };

  it("an empirical SUPPORTED is true, REFUTED false, INCONCLUSIVE and disputed settle nothing", () => {
    expect(claimVerdict({ empirical: { status: "resolved", outcome: "SUPPORTED", resolvedAt: t(1) }, prune: notPruned })).toEqual({ claimTrue: true, via: "empirical", at: t(1) });
    expect(claimVerdict({ empirical: { status: "resolved", outcome: "REFUTED", resolvedAt: t(1) }, prune: notPruned })?.claimTrue).toBe(false);
    expect(claimVerdict({ empirical: { status: "resolved", outcome: "INCONCLUSIVE", resolvedAt: t(1) }, prune: notPruned })).toBeNull();
    expect(claimVerdict({ empirical: { status: "disputed", outcome: "SUPPORTED", resolvedAt: t(1) }, prune: notPruned })).toBeNull();
  });

  it("a claim pruned as conceded or refuted is false; other prunes settle nothing", () => {
    expect(claimVerdict({ empirical: open, prune: { prunedAt: t(2), category: "CONCEDED" } })).toEqual({ claimTrue: false, via: "conceded", at: t(2) });
    expect(claimVerdict({ empirical: open, prune: { prunedAt: t(2), category: "REFUTED" } })?.claimTrue).toBe(false);
    expect(claimVerdict({ empirical: open, prune: { prunedAt: t(2), category: "UNPROMISING" } })).toBeNull();
  });
});

describe("a claim's ledger", () => {
  const verdictFalse = { claimTrue: false, via: "empirical" as const, at: t(10) };

  it("before a verdict: unresolved, no pre-committed updates", () => {
    const ledger = claimLedger({ nodeId: "claim", estimates: [builder, breaker], followUps: [], verdict: null });
    expect(ledger).toMatchObject({ doubleCrux: true, outcome: "unresolved" });
    expect(ledger.people.map((p) => p.precommittedUpdate)).toEqual([null, null]);
  });

  it("after a verdict: pre-committed update per person; follow-ups fill the actual update", () => {
    const ledger = claimLedger({
      nodeId: "claim",
      estimates: [builder, { ...breaker, createdAt: t(1) }],
      followUps: [follow("b", false, 0.3, true, 11)],
      verdict: verdictFalse,
    });
    const [b, k] = ledger.people;
    expect(b).toMatchObject({ userId: "b", confirmed: true, actualCredence: 0.3 });
    expect(b!.precommittedUpdate).toBeCloseTo(-0.5);
    expect(b!.actualUpdate).toBeCloseTo(-0.5);
    expect(k!.precommittedUpdate).toBeCloseTo(-0.1);
    expect(k!.actualUpdate).toBeNull();
    expect(ledger.outcome).toBe("moved");
  });

  it("awaiting until someone answers; 'moved nobody' when every answer is under 5 points", () => {
    const base = { nodeId: "claim", estimates: [builder, breaker], verdict: verdictFalse };
    expect(claimLedger({ ...base, followUps: [] }).outcome).toBe("awaiting");
    expect(claimLedger({ ...base, followUps: [follow("b", false, 0.78, false, 12), follow("k", false, 0.2, false, 12)] }).outcome).toBe("moved-nobody");
  });

  it("follow-ups from before the verdict or for the other truth value do not count (a reopened claim asks again)", () => {
    const ledger = claimLedger({
      nodeId: "claim",
      estimates: [builder],
      followUps: [follow("b", true, 0.9, true, 5), follow("b", false, 0.3, true, 9)],
      verdict: verdictFalse,
    });
    expect(ledger.people[0]!.actualUpdate).toBeNull();
  });

  it("counts each person's updates (the history is kept)", () => {
    const ledger = claimLedger({ nodeId: "claim", estimates: [builder, { ...builder, credence: 0.7, createdAt: t(2) }, breaker], followUps: [], verdict: null });
    expect(ledger.people.find((p) => p.userId === "b")).toMatchObject({ updates: 2, credence: 0.7 });
  });
});

describe("summaries", () => {
  const summary = (id: string, minute: number, sides: Side[], versionNumber: number | null = null) => ({
    id, versionNumber, updatedAt: t(minute), endorsements: sides.map((side) => ({ side })),
  });

  it("endorsed by at least one Builder and one Breaker", () => {
    expect(isEndorsed(summary("a", 0, ["BUILDER", "BREAKER"]))).toBe(true);
    expect(isEndorsed(summary("a", 0, ["BUILDER", "BUILDER", "OBSERVER"]))).toBe(false);
    expect(isEndorsed(summary("a", 0, []))).toBe(false);
  });

  it("pins the newest endorsed summary of the version, else of the whole debate", () => {
    const list = [summary("old", 1, ["BUILDER", "BREAKER"]), summary("new", 5, ["BUILDER", "BREAKER"]), summary("draft", 9, ["BUILDER"]), summary("v2", 3, ["BREAKER", "BUILDER"], 2)];
    expect(pinnedSummary(list)?.id).toBe("new");
    expect(pinnedSummary(list, 2)?.id).toBe("v2");
    expect(pinnedSummary(list, 3)?.id).toBe("new");
    expect(pinnedSummary([summary("draft", 9, ["BUILDER"])])).toBeNull();
  });
});

describe("the follow-up notification", () => {
  it("asks every listed estimator, the resolver included, once each, naming how the claim was settled", () => {
    expect(causesNotifications("crux.follow-up-requested")).toBe(true);
    const drafts = draftEventNotifications({
      type: "crux.follow-up-requested",
      actor: { id: "owner", displayName: "Olga" },
      debateTitle: "Does the cache help?",
      node: { title: "Cold starts dominate", body: "", authorId: "k", outcome: "REFUTED" },
      payload: { claimTrue: false, via: "empirical", userIds: ["b", "k", "owner", "b", 7] },
      prunerId: null,
      predictorIds: [],
    });
    expect(drafts.map((d) => d.userId)).toEqual(["b", "k", "owner"]);
    expect(drafts[0]).toMatchObject({ type: "crux.follow-up" });
    expect(drafts[0]!.message).toBe("“Cold starts dominate” turned out false in “Does the cache help?”: confirm or revise the update you pre-committed to");
  });
});
