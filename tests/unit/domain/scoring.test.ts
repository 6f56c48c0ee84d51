import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  brierScores,
  latestPredictions,
  predictionDistribution,
  resolutionPropagation,
  summarize,
  type PredictionRow,
} from "@/lib/domain/empirical/scoring";
import { at, counterexample, node, patch, proposal } from "./fixtures";

const prediction = (
  nodeId: string,
  userId: string,
  probability: number,
  minute: number,
  side: PredictionRow["side"] = "BUILDER",
): PredictionRow => ({ nodeId, userId, side, probability, createdAt: at(minute) });

describe("summarize", () => {
  it("is null for no values", () => {
    expect(summarize([])).toBeNull();
  });

  it("gives count, mean, median, min and max", () => {
    expect(summarize([0.9, 0.1, 0.5])).toEqual({ count: 3, mean: 0.5, median: 0.5, min: 0.1, max: 0.9 });
    expect(summarize([0.2, 0.4, 0.6, 1])!.median).toBeCloseTo(0.5);
  });
});

describe("latestPredictions", () => {
  it("keeps each participant's latest prediction per claim", () => {
    const rows = [prediction("c", "u1", 0.1, 1), prediction("c", "u1", 0.9, 5), prediction("c", "u2", 0.4, 2), prediction("d", "u1", 0.3, 1)];
    const latest = latestPredictions(rows);
    expect(latest.map((p) => [p.nodeId, p.userId, p.probability]).sort()).toEqual([
      ["c", "u1", 0.9],
      ["c", "u2", 0.4],
      ["d", "u1", 0.3],
    ]);
  });

  it("with a cutoff, only predictions strictly before it count", () => {
    const rows = [prediction("c", "u1", 0.1, 1), prediction("c", "u1", 0.9, 5)];
    expect(latestPredictions(rows, at(5)).map((p) => p.probability)).toEqual([0.1]);
  });
});

describe("brierScores", () => {
  it("scores each participant over resolved claims, best first", () => {
    const scores = brierScores(
      [
        { nodeId: "yes", outcome: "SUPPORTED", resolvedAt: at(100) },
        { nodeId: "no", outcome: "REFUTED", resolvedAt: at(100) },
      ],
      [
        prediction("yes", "good", 0.9, 1),
        prediction("no", "good", 0.2, 1),
        prediction("yes", "bad", 0.1, 1),
        prediction("no", "bad", 0.8, 1),
      ],
    );
    expect(scores.map((s) => s.userId)).toEqual(["good", "bad"]);
    expect(scores[0]!.brier).toBeCloseTo((0.01 + 0.04) / 2);
    expect(scores[1]!.brier).toBeCloseTo((0.81 + 0.64) / 2);
    expect(scores[0]!.claimsScored).toBe(2);
  });

  it("excludes INCONCLUSIVE claims", () => {
    const scores = brierScores(
      [
        { nodeId: "yes", outcome: "SUPPORTED", resolvedAt: at(100) },
        { nodeId: "meh", outcome: "INCONCLUSIVE", resolvedAt: at(100) },
      ],
      [prediction("yes", "u", 1, 1), prediction("meh", "u", 0, 1), prediction("meh", "only-meh", 0.5, 1)],
    );
    expect(scores).toEqual([{ userId: "u", brier: 0, claimsScored: 1 }]);
  });

  it("uses the latest prediction made before the resolution; later ones are excluded", () => {
    const scores = brierScores(
      [{ nodeId: "c", outcome: "SUPPORTED", resolvedAt: at(10) }],
      [
        prediction("c", "u", 0.2, 1),
        prediction("c", "u", 0.6, 9),
        prediction("c", "u", 1, 10), // at the moment of resolution: too late
        prediction("c", "u", 1, 11),
        prediction("c", "latecomer", 1, 12),
      ],
    );
    expect(scores).toEqual([{ userId: "u", brier: expect.closeTo(0.16, 10), claimsScored: 1 }]);
  });

  it("ignores predictions on claims that are not resolved", () => {
    expect(brierScores([], [prediction("c", "u", 0.5, 1)])).toEqual([]);
  });

  it("always lies in [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.constantFrom("u1", "u2"), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(20))),
        fc.constantFrom("SUPPORTED" as const, "REFUTED" as const),
        (rows, outcome) => {
          const claims = ["a", "b", "c"].map((nodeId) => ({ nodeId, outcome, resolvedAt: at(10) }));
          for (const s of brierScores(claims, rows.map(([c, u, p, m]) => prediction(c, u, p, m)))) {
            expect(s.brier).toBeGreaterThanOrEqual(0);
            expect(s.brier).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});

describe("predictionDistribution", () => {
  it("summarizes the latest prediction per participant, by side", () => {
    const dist = predictionDistribution([
      prediction("c", "b1", 0.2, 1, "BUILDER"),
      prediction("c", "b1", 0.8, 2, "BUILDER"),
      prediction("c", "b2", 0.6, 1, "BUILDER"),
      prediction("c", "k1", 0.1, 1, "BREAKER"),
    ]);
    expect(dist.BUILDER).toEqual({ count: 2, mean: 0.7, median: 0.7, min: 0.6, max: 0.8 });
    expect(dist.BREAKER).toEqual({ count: 1, mean: 0.1, median: 0.1, min: 0.1, max: 0.1 });
    expect(dist.OBSERVER).toBeNull();
  });

  it("can be cut off at a time", () => {
    const dist = predictionDistribution([prediction("c", "b1", 0.2, 1), prediction("c", "b1", 0.8, 5)], at(5));
    expect(dist.BUILDER?.mean).toBe(0.2);
  });
});

describe("resolutionPropagation", () => {
  // p1 ── c1 ─┬─ q (question) ── reply
  //           └─ x2 (patch answering c1)
  //    └─ x3 (patch elsewhere, also answering c1)
  const nodes = [
    proposal(),
    counterexample("c1", "p1", [1], { resolutionMode: "EMPIRICAL" }),
    node({ id: "q", parentId: "c1", kind: "QUESTION" }),
    node({ id: "reply", parentId: "q" }),
    patch("x2", "c1", ["c1"]),
    patch("x3", "p1", ["c1", "other"]),
    patch("x4", "p1", ["other"]),
  ];
  const claim = { id: "c1", kind: "COUNTEREXAMPLE" as const, resolutionMode: "EMPIRICAL" as const };

  it("lists descendants and answering nodes once each", () => {
    expect(resolutionPropagation(claim, "SUPPORTED", nodes).reviewNodeIds).toEqual(["q", "reply", "x2", "x3"]);
  });

  it("a refuted empirical counterexample is defeated; other outcomes and kinds are not", () => {
    expect(resolutionPropagation(claim, "REFUTED", nodes).counterexampleDefeated).toBe(true);
    expect(resolutionPropagation(claim, "SUPPORTED", nodes).counterexampleDefeated).toBe(false);
    expect(resolutionPropagation(claim, "INCONCLUSIVE", nodes).counterexampleDefeated).toBe(false);
    expect(resolutionPropagation({ ...claim, kind: "QUESTION" }, "REFUTED", nodes).counterexampleDefeated).toBe(false);
    expect(
      resolutionPropagation({ ...claim, resolutionMode: "ARGUMENTATIVE" }, "REFUTED", nodes).counterexampleDefeated,
    ).toBe(false);
  });
});
