import { describe, expect, it } from "vitest";
import { computeScoreboard } from "@/lib/domain/debate/scoreboard";
import { planStanding } from "@/lib/domain/debate/plan-standing";
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
