import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeScoreboard, type ScoreNode } from "@/lib/domain/debate/scoreboard";
import {
  breaksUnderRule, computeStandings, counterexampleWeights, describeStanding, latestEstimates, liveClassWeights, median, type EstimateRow, type StandingRule,
} from "@/lib/domain/debate/standing";
import { coverageByClass, expandClassAnswers, similarityTerms } from "@/lib/domain/debate/classes";
import { SEVERITIES, type Side } from "@/lib/domain/vocabulary";
import { at, counterexample, patch, proposal, rebuttal } from "./fixtures";

const est = (nodeId: string, userId: string, side: Side, plausibility: number, minute = 0, severity: EstimateRow["severity"] = "BREAKS"): EstimateRow => ({
  nodeId, userId, side, plausibility, severity, createdAt: at(minute),
});

describe("weights", () => {
  it("median of an even count is the mean of the middle two; empty is null", () => {
    expect(median([])).toBeNull();
    expect(median([40, 5])).toBe(22.5);
    expect(median([90, 10, 15])).toBe(15);
  });

  it("keeps every estimate but counts each person's latest", () => {
    const rows = [est("c1", "a", "BUILDER", 80, 1), est("c1", "a", "BUILDER", 5, 2), est("c1", "b", "BREAKER", 40, 1)];
    expect(latestEstimates(rows).map((r) => r.plausibility).sort()).toEqual([40, 5]);
    const w = counterexampleWeights(rows).get("c1")!;
    expect(w).toMatchObject({ estimates: 2, median: 22.5, bySide: { BUILDER: 5, BREAKER: 40, OBSERVER: null }, severity: "BREAKS" });
  });

  it("severity is the latest estimates' majority, a tie counting as BREAKS", () => {
    const tie = counterexampleWeights([est("c", "a", "BUILDER", 50, 0, "DEGRADES"), est("c", "b", "BREAKER", 50, 0, "BREAKS")]).get("c")!;
    expect(tie.severity).toBe("BREAKS");
    const degrade = counterexampleWeights([est("c", "a", "BUILDER", 50, 0, "DEGRADES"), est("c", "b", "BREAKER", 50, 0, "DEGRADES"), est("c", "o", "OBSERVER", 90, 0)]).get("c")!;
    expect(degrade.severity).toBe("DEGRADES");
  });

  it("under the threshold rule an unweighed counterexample still breaks; a degrading one never does", () => {
    const rule: StandingRule = { rule: "PLAUSIBILITY_THRESHOLD", threshold: 30 };
    expect(breaksUnderRule(undefined, rule)).toBe(true);
    const w = (m: number, severity: "BREAKS" | "DEGRADES") => counterexampleWeights([est("c", "a", "BREAKER", m, 0, severity)]).get("c");
    expect(breaksUnderRule(w(30, "BREAKS"), rule)).toBe(true);
    expect(breaksUnderRule(w(29, "BREAKS"), rule)).toBe(false);
    expect(breaksUnderRule(w(100, "DEGRADES"), rule)).toBe(false);
    expect(breaksUnderRule(w(0, "DEGRADES"), { rule: "ANY_LIVE", threshold: 30 })).toBe(true);
  });
});

describe("standing", () => {
  const nodes: ScoreNode[] = [proposal(), counterexample("c1", "p1", [1]), counterexample("c2", "p1", [1]), counterexample("c3", "p1", [1])];
  const versions = [{ number: 1, nodeId: "p1" }];
  const classOf = new Map([["c1", "k1"], ["c2", "k1"]]);
  const estimates = [est("c1", "b", "BUILDER", 5), est("c1", "r", "BREAKER", 40), est("c2", "r", "BREAKER", 10), est("c3", "r", "BREAKER", 60)];

  it("describes what breaks a version with its weight", () => {
    const [v1] = computeStandings({ scoreboard: computeScoreboard({ versions, nodes }), estimates, classOf, rule: { rule: "ANY_LIVE", threshold: 50 } });
    expect(v1).toMatchObject({ status: "broken", brokenBy: ["c1", "c2", "c3"], heldOff: [], weight: { classes: 1, unclassified: 1, counterexamples: 3, median: 25 } });
    expect(describeStanding(v1!)).toBe("broken by 1 class and 1 counterexample, median plausibility 25 %, builders 5 % / breakers 40 %");
  });

  it("the threshold rule holds off counterexamples below it, and says so", () => {
    const high = computeStandings({ scoreboard: computeScoreboard({ versions, nodes }), estimates, classOf, rule: { rule: "PLAUSIBILITY_THRESHOLD", threshold: 70 } })[0]!;
    expect(high).toMatchObject({ status: "stands", brokenBy: [], heldOff: ["c1", "c2", "c3"] });
    expect(describeStanding(high)).toBe("stands (3 live counterexamples below the rule)");
    const mid = computeStandings({ scoreboard: computeScoreboard({ versions, nodes }), estimates, classOf, rule: { rule: "PLAUSIBILITY_THRESHOLD", threshold: 20 } })[0]!;
    expect(mid.brokenBy).toEqual(["c1", "c3"]);
    expect(describeStanding(mid)).toBe("broken by 1 class and 1 counterexample, median plausibility 40 %, builders 5 % / breakers 50 %");
  });

  it("an unweighed break says so", () => {
    const [v1] = computeStandings({ scoreboard: computeScoreboard({ versions, nodes }), estimates: [], classOf: new Map(), rule: { rule: "ANY_LIVE", threshold: 0 } });
    expect(describeStanding(v1!)).toBe("broken by 3 counterexamples, not yet weighed");
  });
});

describe("classes", () => {
  it("a patch answering a class answers every counterexample in it, and none outside", () => {
    const nodes: ScoreNode[] = [proposal(), counterexample("c1", "p1", [1]), counterexample("c2", "p1", [1]), counterexample("c3", "p1", [1]), patch("x2", "p1", [])];
    const versions = [{ number: 1, nodeId: "p1" }, { number: 2, nodeId: "x2" }];
    const classOf = new Map([["c1", "k1"], ["c2", "k1"]]);
    const board = computeScoreboard({ versions, nodes: expandClassAnswers(nodes, classOf, [{ patchId: "x2", classId: "k1" }]) });
    expect(board.current).toMatchObject({ number: 2, brokenBy: ["c3"] });
    const byClass = coverageByClass(board, ["k1"], classOf);
    expect(byClass[1]!.cells).toEqual([
      { classId: "k1", status: "answered", breaks: 0, answered: 2, settled: 0, notTargeted: 0 },
      { classId: null, status: "breaks", breaks: 1, answered: 0, settled: 0, notTargeted: 0 },
    ]);
    expect(byClass[0]!.cells[0]).toMatchObject({ status: "breaks", breaks: 2 });
  });

  it("a class answer is ignored on nodes that are not patches", () => {
    const nodes: ScoreNode[] = [proposal(), counterexample("c1", "p1", [1])];
    expect(expandClassAnswers(nodes, new Map([["c1", "k1"]]), [{ patchId: "p1", classId: "k1" }])).toEqual(nodes);
  });

  it("similarity terms are letters and digits only, deduplicated", () => {
    expect(similarityTerms("The reporter's | human-simulator & (the) REPORTER!")).toEqual(["the", "reporter", "human", "simulator"]);
  });
});

describe("standing properties", () => {
  const arbitraryDebate = fc
    .record({
      versionCount: fc.integer({ min: 1, max: 4 }),
      counterexamples: fc.array(
        fc.record({
          targets: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
          retracted: fc.boolean(),
          rebutted: fc.boolean(),
          classIndex: fc.option(fc.nat(2), { nil: undefined }),
          estimates: fc.array(
            fc.record({ user: fc.nat(3), side: fc.constantFrom<Side>("BUILDER", "BREAKER", "OBSERVER"), plausibility: fc.integer({ min: 0, max: 100 }), severity: fc.constantFrom(...SEVERITIES), minute: fc.nat(20) }),
            { maxLength: 5 },
          ),
        }),
        { maxLength: 5 },
      ),
      answers: fc.array(fc.array(fc.nat(4), { maxLength: 2 }), { minLength: 3, maxLength: 3 }),
      classAnswers: fc.array(fc.array(fc.nat(2), { maxLength: 2 }), { minLength: 3, maxLength: 3 }),
    })
    .map(({ versionCount, counterexamples, answers, classAnswers }) => {
      const nodes: ScoreNode[] = [proposal()];
      const versions = [{ number: 1, nodeId: "p1" }];
      const classOf = new Map<string, string>();
      const estimates: EstimateRow[] = [];
      counterexamples.forEach((c, i) => {
        nodes.push(counterexample(`c${i}`, "p1", c.targets, { retractedAt: c.retracted ? at(1) : null }));
        if (c.rebutted) nodes.push(rebuttal(`r${i}`, `c${i}`, { acceptedAt: at(2) }));
        if (c.classIndex !== undefined) classOf.set(`c${i}`, `k${c.classIndex}`);
        for (const e of c.estimates) estimates.push(est(`c${i}`, `u${e.user}`, e.side, e.plausibility, e.minute, e.severity));
      });
      const patchClassAnswers: { patchId: string; classId: string }[] = [];
      for (let v = 2; v <= versionCount; v++) {
        nodes.push(patch(`x${v}`, "p1", (answers[v - 2] ?? []).filter((i) => i < counterexamples.length).map((i) => `c${i}`)));
        versions.push({ number: v, nodeId: `x${v}` });
        for (const k of classAnswers[v - 2] ?? []) patchClassAnswers.push({ patchId: `x${v}`, classId: `k${k}` });
      }
      return { nodes: expandClassAnswers(nodes, classOf, patchClassAnswers), versions, classOf, estimates };
    });

  it("with the default rule the standing equals the scoreboard's", () => {
    fc.assert(
      fc.property(arbitraryDebate, ({ nodes, versions, classOf, estimates }) => {
        const board = computeScoreboard({ versions, nodes });
        const standings = computeStandings({ scoreboard: board, estimates, classOf, rule: { rule: "ANY_LIVE", threshold: 50 } });
        expect(standings.map((s) => ({ number: s.number, nodeId: s.nodeId, status: s.status, brokenBy: s.brokenBy }))).toEqual(board.versions);
        for (const s of standings) expect(s.heldOff).toEqual([]);
      }),
    );
  });

  it("raising the threshold never breaks a version that stood", () => {
    fc.assert(
      fc.property(arbitraryDebate, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), ({ nodes, versions, classOf, estimates }, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const board = computeScoreboard({ versions, nodes });
        const at = (threshold: number) => computeStandings({ scoreboard: board, estimates, classOf, rule: { rule: "PLAUSIBILITY_THRESHOLD", threshold } });
        const before = at(low);
        const after = at(high);
        before.forEach((s, i) => {
          if (s.status === "stands") expect(after[i]!.status).toBe("stands");
          // What breaks at the higher threshold broke at the lower one too.
          for (const id of after[i]!.brokenBy) expect(s.brokenBy).toContain(id);
        });
      }),
    );
  });

  it("the threshold rule never breaks a version the default rule lets stand", () => {
    fc.assert(
      fc.property(arbitraryDebate, fc.integer({ min: 0, max: 100 }), ({ nodes, versions, classOf, estimates }, threshold) => {
        const board = computeScoreboard({ versions, nodes });
        const weighed = computeStandings({ scoreboard: board, estimates, classOf, rule: { rule: "PLAUSIBILITY_THRESHOLD", threshold } });
        weighed.forEach((s, i) => {
          if (board.versions[i]!.status === "stands") expect(s.status).toBe("stands");
          expect([...s.brokenBy, ...s.heldOff].sort()).toEqual([...board.versions[i]!.brokenBy].sort());
        });
      }),
    );
  });
});

describe("classes still live against a version (the state page)", () => {
  const classes = [{ id: "k1", name: "Human simulator" }, { id: "k2", name: "Steganography" }, { id: "k3", name: "Answered" }];
  const classOf = new Map([["c1", "k1"], ["c2", "k1"], ["c3", "k2"], ["c9", "k3"]]);

  it("pools each class's live members' latest estimates (one per person and counterexample), by side, with the severity majority", () => {
    const estimates = [
      est("c1", "a", "BUILDER", 80, 0), est("c1", "a", "BUILDER", 10, 1), // a's latest on c1 counts
      est("c2", "a", "BUILDER", 20, 1), est("c2", "b", "BREAKER", 60, 1, "DEGRADES"),
      est("c3", "b", "BREAKER", 90, 0, "DEGRADES"),
      est("c9", "b", "BREAKER", 99, 0), // not live against the version: its class is not listed
    ];
    const live = liveClassWeights({ standing: { brokenBy: ["c1", "c2", "c4"], heldOff: ["c3"] }, classes, classOf, estimates });
    expect(live.classes.map((c) => c.name)).toEqual(["Human simulator", "Steganography"]);
    expect(live.classes[0]).toMatchObject({ classId: "k1", members: ["c1", "c2"], breaking: 2, weight: { estimates: 3, median: 20, bySide: { BUILDER: 15, BREAKER: 60 }, severity: "BREAKS" } });
    expect(live.classes[1]).toMatchObject({ classId: "k2", members: ["c3"], breaking: 0, weight: { median: 90, severity: "DEGRADES" } });
    // The unclassified stay listed with their weights (none here: not weighed).
    expect(live.counterexamples.find((c) => c.nodeId === "c4")).toEqual({ nodeId: "c4", classId: null, breaks: true, weight: null });
    expect(live.counterexamples.find((c) => c.nodeId === "c3")).toMatchObject({ classId: "k2", breaks: false, weight: { median: 90 } });
  });

  it("classes that break come first, then the heavier; nothing live means no class", () => {
    const estimates = [est("c1", "a", "BUILDER", 10), est("c3", "a", "BUILDER", 70)];
    const both = liveClassWeights({ standing: { brokenBy: ["c1", "c3"], heldOff: [] }, classes, classOf, estimates });
    expect(both.classes.map((c) => c.classId)).toEqual(["k2", "k1"]);
    const heldOff = liveClassWeights({ standing: { brokenBy: ["c1"], heldOff: ["c3"] }, classes, classOf, estimates });
    expect(heldOff.classes.map((c) => c.classId)).toEqual(["k1", "k2"]);
    expect(liveClassWeights({ standing: { brokenBy: [], heldOff: [] }, classes, classOf, estimates })).toEqual({ classes: [], counterexamples: [] });
  });

  it("property: the live members of all listed classes are exactly the classified live counterexamples", () => {
    const ids = ["c1", "c2", "c3", "c4", "c9"];
    fc.assert(
      fc.property(fc.subarray(ids), fc.subarray(ids), (broken, others) => {
        const heldOff = others.filter((id) => !broken.includes(id));
        const live = liveClassWeights({ standing: { brokenBy: broken, heldOff }, classes, classOf, estimates: [] });
        const listed = live.classes.flatMap((c) => c.members).sort();
        expect(listed).toEqual([...broken, ...heldOff].filter((id) => classOf.has(id)).sort());
        expect(live.counterexamples.length).toBe(broken.length + heldOff.length);
      }),
    );
  });
});
