import { describe, expect, it } from "vitest";
import { activitySentence, type ActivityEvent } from "@/lib/domain/debate/activity-line";

const event = (e: Partial<ActivityEvent> & { type: string }): ActivityEvent => ({ actorName: "Ada", subjectName: null, node: null, payload: null, ...e });

describe("activitySentence", () => {
  it("a counterexample names the versions it breaks and its title", () => {
    expect(activitySentence(event({ type: "node.created", node: { kind: "COUNTEREXAMPLE", title: "Colluding monitors" }, payload: { kind: "COUNTEREXAMPLE", targetVersions: [2] } })))
      .toBe("Ada posted a counterexample to v2: “Colluding monitors”");
  });

  it("a patch names the version it made", () => {
    expect(activitySentence(event({ actorName: "Ben", type: "node.created", node: { kind: "PATCH", title: "Two monitors" }, payload: { kind: "PATCH", version: 3 } })))
      .toBe("Ben patched the plan to v3: “Two monitors”");
  });

  it("a prune says why, in the category's words and the reason", () => {
    expect(activitySentence(event({ actorName: "Ben", type: "branch.pruned", node: { kind: "COMMENT", title: "X" }, payload: { category: "UNPROMISING", reason: "nobody followed up" } })))
      .toBe("Ben pruned “X” as unpromising: nobody followed up");
  });

  it("a prediction reads as a percentage", () => {
    expect(activitySentence(event({ actorName: "Bob", type: "prediction.created", node: { kind: "COUNTEREXAMPLE", title: "Latency doubles" }, payload: { probability: 0.2 } })))
      .toBe("Bob predicted 20% that “Latency doubles” holds");
  });

  it("membership events name the member concerned", () => {
    expect(activitySentence(event({ type: "member.joined", subjectName: "Cy", payload: { userId: "u2", side: "BREAKER", invitedBy: "u1" } }))).toBe("Ada invited Cy as breaker");
    expect(activitySentence(event({ type: "member.side-changed", payload: { from: "OBSERVER", to: "BUILDER" } }))).toBe("Ada switched sides from observer to builder");
  });

  it("never shows an event code, even for a type it does not know", () => {
    const types = ["debate.created", "debate.updated", "debate.invite-rotated", "node.edited", "node.retracted", "node.accepted", "branch.reopened",
      "branch.estimated", "claim.mode-changed", "experiment.updated", "claim.resolved", "claim.disputed", "claim.reopened", "crux.marked", "crux.unmarked", "round.opened", "round.verdict", "round.finalised", "class.created", "class.updated", "class.deleted", "counterexample.classified", "plausibility.estimated", "debate.standing-rule-changed", "link.created", "link.deleted", "crux.estimated", "crux.confirmed", "crux.revised", "crux.follow-up-requested", "summary.created", "summary.edited", "summary.endorsed", "summary.unendorsed", "something.new"];
    for (const type of types) {
      const line = activitySentence(event({ type, node: { kind: "REBUTTAL", title: "T" }, payload: {} }));
      expect(line, type).not.toMatch(/[a-z]\.[a-z]/);
      expect(line.startsWith("Ada ")).toBe(true);
    }
  });

  it("cuts long titles at a word, with an ellipsis", () => {
    const line = activitySentence(event({ type: "node.created", node: { kind: "QUESTION", title: "word ".repeat(40) }, payload: { kind: "QUESTION" } }));
    expect(line).toMatch(/word…”$/);
  });
});
