import { describe, expect, it } from "vitest";
import { computeScoreboard } from "@/lib/domain/debate/scoreboard";
import { planStanding, weighedStandingLine } from "@/lib/domain/debate/plan-standing";
import { DEFAULT_STANDING_RULE } from "@/lib/domain/debate/standing";
import { counterexample, patch, proposal, rebuttal } from "./fixtures";

describe("planStanding", () => {
  it("a plan nobody attacked stands, and says so", () => {
    const s = planStanding(computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }], nodes: [proposal()] }));
    expect(s).toEqual({ status: "stands", badge: "stands", sentence: "v1 stands: no counterexample has been posted yet." });
  });

  it("counts the live counterexamples that break the current version", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1]), counterexample("c2", "p1", [1])];
    const s = planStanding(computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }], nodes }));
    expect(s.status).toBe("broken");
    expect(s.badge).toBe("broken by 2");
    expect(s.sentence).toContain("broken by 2 live counterexamples");
  });

  it("names what was answered by a patch and what was rebutted", () => {
    const nodes = [
      proposal(),
      counterexample("c1", "p1", [1]),
      patch("x2", "c1", ["c1"]),
      counterexample("c2", "p1", [1]),
      rebuttal("r1", "c2", { acceptedAt: new Date() }),
    ];
    const s = planStanding(computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }, { number: 2, nodeId: "x2" }], nodes }));
    expect(s.status).toBe("stands");
    expect(s.sentence).toBe("v2 stands: no live counterexample breaks it. 1 counterexample answered by a patch, 1 counterexample rebutted.");
  });

  it("without versions there is no plan to stand", () => {
    expect(planStanding(computeScoreboard({ versions: [], nodes: [] })).status).toBe("none");
  });
});

describe("weighedStandingLine", () => {
  const weight = { classes: 1, unclassified: 0, counterexamples: 2, median: null, bySide: { BUILDER: null, BREAKER: null }, estimates: 0 };
  const current = { number: 2, weight, text: "broken by 1 class, not yet weighed" };

  it("says nothing under the default rule when nothing is weighed or classed (the plan sentence is enough)", () => {
    expect(weighedStandingLine({ rule: DEFAULT_STANDING_RULE, current, classCount: 0 })).toBeNull();
    expect(weighedStandingLine({ rule: DEFAULT_STANDING_RULE, current: null, classCount: 3 })).toBeNull();
  });

  it("shows the weight once there are classes or estimates, and names the rule", () => {
    expect(weighedStandingLine({ rule: DEFAULT_STANDING_RULE, current, classCount: 1 })).toEqual({
      text: "v2 broken by 1 class, not yet weighed",
      rule: "any live counterexample breaks",
    });
    const weighed = { ...current, weight: { ...weight, estimates: 2 } };
    expect(weighedStandingLine({ rule: DEFAULT_STANDING_RULE, current: weighed, classCount: 0 })?.text).toBe("v2 broken by 1 class, not yet weighed");
  });

  it("always shows under a threshold rule, with the threshold", () => {
    expect(weighedStandingLine({ rule: { rule: "PLAUSIBILITY_THRESHOLD", threshold: 30 }, current, classCount: 0 })?.rule).toBe("breaks at median plausibility ≥ 30 %");
  });
});
