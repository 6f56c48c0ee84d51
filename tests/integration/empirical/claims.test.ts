// Empirical claims end to end: bad input is refused with nothing changed;
// resolving keeps Node.outcome in step, feeds the scoreboard and flags
// dependent nodes; dispute and reopen keep the history; Brier scores.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { debateOverview } from "@/lib/server/debate/overview";
import { editNode, getNodeDetail } from "@/lib/server/debate/nodes";
import {
  applyResolution,
  debateBrierScores,
  markCrux,
  predictionTimeline,
  recordPrediction,
  setResolutionMode,
  upsertExperimentCard,
} from "@/lib/server/empirical/service";
import { experimentCardSchema, resolutionActionSchema } from "@/lib/domain/empirical/validation";
import { claim, debateFixture, resolveInput, snapshot, type Fixture } from "./fixtures";

const card = (over: Record<string, unknown> = {}) =>
  experimentCardSchema.parse({
    question: "Is the p95 latency under 200 ms with the cache on?",
    method: "A/B test for one week on 5% of traffic.",
    supportIf: "p95 under 200 ms in the cache arm.",
    refuteIf: "p95 at or above 200 ms.",
    links: [{ label: "plan", url: "https://example.org/plan" }],
    ...over,
  });

let fx: Fixture;
beforeAll(async () => {
  fx = await debateFixture("PUBLIC");
});

async function refused(act: () => Promise<unknown>, code: string) {
  const before = await snapshot(fx.debateId);
  await expect(act()).rejects.toMatchObject({ code });
  expect(await snapshot(fx.debateId)).toEqual(before);
}

describe("bad input changes nothing", () => {
  it.each([1.5, -0.1, "150%", "-5%", "abc", "1.5", "", Number.NaN])("refuses probability %s", async (probability) => {
    const nodeId = await claim(fx);
    await refused(() => recordPrediction(fx.actors.builder, fx.debateId, nodeId, { probability }), "BAD_REQUEST");
  });

  it("accepts 0, 1, 0.7, \"0.7\" and \"70%\" as probabilities in 0..1", async () => {
    const nodeId = await claim(fx);
    for (const [input, stored] of [[0, 0], [1, 1], [0.7, 0.7], ["0.7", 0.7], ["70%", 0.7], ["100%", 1]] as const) {
      const p = await recordPrediction(fx.actors.builder, fx.debateId, nodeId, { probability: input });
      expect(p.probability).toBeCloseTo(stored);
      expect(p.side).toBe("BUILDER");
    }
  });

  it("refuses to resolve an argumentative claim or to predict on it", async () => {
    const nodeId = await claim(fx, { empirical: false });
    await refused(() => applyResolution(fx.actors.owner, fx.debateId, nodeId, resolveInput()), "BAD_REQUEST");
    await refused(() => recordPrediction(fx.actors.builder, fx.debateId, nodeId, { probability: 0.5 }), "BAD_REQUEST");
    await refused(() => upsertExperimentCard(fx.actors.builder, fx.debateId, nodeId, card()), "BAD_REQUEST");
  });

  it("refuses predictions after resolution, and resolving twice", async () => {
    const nodeId = await claim(fx);
    await applyResolution(fx.actors.owner, fx.debateId, nodeId, resolveInput());
    await refused(() => recordPrediction(fx.actors.breaker, fx.debateId, nodeId, { probability: 0.2 }), "CONFLICT");
    await refused(() => applyResolution(fx.actors.moderator, fx.debateId, nodeId, resolveInput("REFUTED")), "CONFLICT");
  });

  it("refuses disputing an open claim and reopening an open claim", async () => {
    const nodeId = await claim(fx);
    await refused(() => applyResolution(fx.actors.builder, fx.debateId, nodeId, { action: "DISPUTE", summary: "No.", evidence: [] }), "CONFLICT");
    await refused(() => applyResolution(fx.actors.owner, fx.debateId, nodeId, { action: "REOPEN", summary: "Again.", evidence: [] }), "CONFLICT");
  });

  it("refuses changing a resolved claim's mode, and marking the proposal", async () => {
    const nodeId = await claim(fx);
    await applyResolution(fx.actors.owner, fx.debateId, nodeId, resolveInput());
    await refused(() => setResolutionMode(fx.actors.builder, fx.debateId, nodeId, { mode: "ARGUMENTATIVE" }), "CONFLICT");
    await refused(() => setResolutionMode(fx.actors.builder, fx.debateId, fx.rootNodeId, { mode: "EMPIRICAL" }), "BAD_REQUEST");
  });

  it("validates links as http(s) only and outcomes as known values (schemas)", () => {
    expect(() => card({ links: [{ label: "x", url: "javascript:alert(1)" }] })).toThrow();
    expect(() => card({ links: [{ label: "x", url: "ftp://example.org/data" }] })).toThrow();
    expect(() => resolutionActionSchema.parse({ ...resolveInput(), evidence: [{ url: "data:text/html,hi" }] })).toThrow();
    expect(() => resolutionActionSchema.parse({ ...resolveInput(), outcome: "MAYBE" })).toThrow();
    expect(() => resolutionActionSchema.parse({ action: "RESOLVE", outcome: "SUPPORTED", summary: "  " })).toThrow();
  });
});

describe("experiment card", () => {
  it("creates at revision 1, updates with the current revision, and answers 409 to a stale one", async () => {
    const nodeId = await claim(fx);
    const created = await upsertExperimentCard(fx.actors.builder, fx.debateId, nodeId, card());
    expect(created).toMatchObject({ revision: 1, status: "PROPOSED", ownerId: null });
    const updated = await upsertExperimentCard(fx.actors.breaker, fx.debateId, nodeId, card({ status: "RUNNING", revision: 1, ownerId: fx.actors.breaker.id }));
    expect(updated).toMatchObject({ revision: 2, status: "RUNNING", ownerId: fx.actors.breaker.id });
    // Someone else still holds revision 1.
    await refused(() => upsertExperimentCard(fx.actors.builder, fx.debateId, nodeId, card({ revision: 1, question: "Stale edit" })), "CONFLICT");
    // Creating again without a revision is also stale.
    await refused(() => upsertExperimentCard(fx.actors.builder, fx.debateId, nodeId, card()), "CONFLICT");
    expect((await db().experimentCard.findUniqueOrThrow({ where: { nodeId } })).question).toContain("p95");
  });

  it("refuses an owner who is not a member, and skipping from PROPOSED to RESOLVED", async () => {
    const nodeId = await claim(fx);
    await refused(() => upsertExperimentCard(fx.actors.builder, fx.debateId, nodeId, card({ ownerId: fx.actors.nonMember.id })), "VALIDATION");
    await upsertExperimentCard(fx.actors.builder, fx.debateId, nodeId, card());
    await refused(() => upsertExperimentCard(fx.actors.builder, fx.debateId, nodeId, card({ revision: 1, status: "RESOLVED" })), "CONFLICT");
  });
});

describe("resolution", () => {
  it("keeps Node.outcome in step: set on RESOLVE, kept on DISPUTE, cleared on REOPEN; history kept", async () => {
    const nodeId = await claim(fx);
    await upsertExperimentCard(fx.actors.builder, fx.debateId, nodeId, card({ status: "RUNNING" }));
    const outcomeOf = async () => (await db().node.findUniqueOrThrow({ where: { id: nodeId }, select: { outcome: true } })).outcome;

    const resolved = await applyResolution(fx.actors.moderator, fx.debateId, nodeId, resolveInput("SUPPORTED"));
    expect(resolved.state).toMatchObject({ status: "resolved", outcome: "SUPPORTED" });
    expect(await outcomeOf()).toBe("SUPPORTED");
    expect((await db().experimentCard.findUniqueOrThrow({ where: { nodeId } })).status).toBe("RESOLVED");

    const disputed = await applyResolution(fx.actors.observer, fx.debateId, nodeId, { action: "DISPUTE", summary: "Only one region was measured.", evidence: [] });
    expect(disputed.state).toMatchObject({ status: "disputed", outcome: "SUPPORTED" });
    expect(await outcomeOf()).toBe("SUPPORTED");
    expect((await predictionTimeline(null, fx.debateId, nodeId)).state.status).toBe("disputed");

    await applyResolution(fx.actors.owner, fx.debateId, nodeId, { action: "REOPEN", summary: "Rerun in every region.", evidence: [] });
    expect(await outcomeOf()).toBeNull();
    expect((await db().experimentCard.findUniqueOrThrow({ where: { nodeId } })).status).toBe("RUNNING");

    await applyResolution(fx.actors.owner, fx.debateId, nodeId, resolveInput("INCONCLUSIVE"));
    expect(await outcomeOf()).toBe("INCONCLUSIVE");

    const detail = await getNodeDetail(null, fx.debateId, nodeId);
    expect(detail.resolutions.map((r) => [r.action, r.outcome])).toEqual([
      ["RESOLVE", "SUPPORTED"],
      ["DISPUTE", null],
      ["REOPEN", null],
      ["RESOLVE", "INCONCLUSIVE"],
    ]);
    expect(detail.resolutions[0]!.evidence).toEqual([{ label: "dashboard", url: "https://example.org/run/1" }]);
  });

  it("a refuted empirical counterexample is defeated on the scoreboard, and its dependents need review", async () => {
    const own = await debateFixture("PUBLIC");
    const ce = await claim(own, { kind: "COUNTEREXAMPLE", title: "Cold starts swamp the cache" });
    const question = await claim(own, { parentId: ce, kind: "QUESTION", empirical: false, title: "How cold is cold?" });
    const before = await debateOverview(null, own.debateId);
    expect(before.scoreboard.current).toMatchObject({ status: "broken", brokenBy: [ce] });
    expect(before.needsReview).toEqual([]);

    const { reviewNodeIds } = await applyResolution(own.actors.owner, own.debateId, ce, resolveInput("REFUTED"));
    expect(reviewNodeIds).toEqual([question]);
    const after = await debateOverview(null, own.debateId);
    expect(after.scoreboard.counterexamples.find((c) => c.id === ce)?.disposition).toBe("defeated");
    expect(after.scoreboard.current).toMatchObject({ status: "stands", brokenBy: [] });
    expect(after.needsReview).toEqual([question]);

    // Editing the dependent node is reviewing it.
    await new Promise((r) => setTimeout(r, 5));
    await editNode(own.actors.builder, own.debateId, question, { body: "Still relevant after the result: how cold is cold?", revision: 1 });
    expect((await debateOverview(null, own.debateId)).needsReview).toEqual([]);

    // Reopening puts the counterexample back in play.
    await applyResolution(own.actors.owner, own.debateId, ce, { action: "REOPEN", summary: "The run used a warm cache.", evidence: [] });
    expect((await debateOverview(null, own.debateId)).scoreboard.current?.status).toBe("broken");
  });

  it("cruxes are listed in the overview by side", async () => {
    const own = await debateFixture("PUBLIC");
    const nodeId = await claim(own);
    await markCrux(own.actors.builder, own.debateId, nodeId);
    await markCrux(own.actors.breaker, own.debateId, nodeId);
    expect(await markCrux(own.actors.breaker, own.debateId, nodeId)).toEqual({ marked: true, changed: false });
    expect((await debateOverview(null, own.debateId)).cruxes).toEqual([{ nodeId, builder: 1, breaker: 1, observer: 0 }]);
  });
});

describe("predictions and Brier scores", () => {
  it("keeps every prediction as a timeline; the spread uses the latest per person, by side", async () => {
    const own = await debateFixture("PUBLIC");
    const nodeId = await claim(own);
    await recordPrediction(own.actors.builder, own.debateId, nodeId, { probability: 0.9 });
    await recordPrediction(own.actors.builder, own.debateId, nodeId, { probability: 0.8 });
    await recordPrediction(own.actors.breaker, own.debateId, nodeId, { probability: "20%" });
    await recordPrediction(own.actors.observer, own.debateId, nodeId, { probability: 0.5 });
    const t = await predictionTimeline(null, own.debateId, nodeId);
    expect(t.predictions.map((p) => [p.displayName, p.probability])).toEqual([
      ["builder", 0.9],
      ["builder", 0.8],
      ["breaker", 0.2],
      ["observer", 0.5],
    ]);
    expect(t.distribution.BUILDER).toMatchObject({ count: 1, mean: 0.8 });
    expect(t.distribution.BREAKER).toMatchObject({ count: 1, mean: 0.2 });
    expect(t.distribution.OBSERVER).toMatchObject({ count: 1, mean: 0.5 });
  });

  it("scores each participant on resolved claims; inconclusive and disputed claims are not scored", async () => {
    const own = await debateFixture("PUBLIC");
    const [a, b, c] = [await claim(own), await claim(own), await claim(own)];
    await recordPrediction(own.actors.builder, own.debateId, a, { probability: 0.8 });
    await recordPrediction(own.actors.breaker, own.debateId, a, { probability: 0.4 });
    await recordPrediction(own.actors.breaker, own.debateId, a, { probability: 0.3 });
    await recordPrediction(own.actors.builder, own.debateId, b, { probability: 0.6 });
    await recordPrediction(own.actors.breaker, own.debateId, b, { probability: 0.1 });
    await recordPrediction(own.actors.builder, own.debateId, c, { probability: 0.9 });
    expect((await debateBrierScores(null, own.debateId)).scores).toEqual([]);

    await applyResolution(own.actors.owner, own.debateId, a, resolveInput("SUPPORTED"));
    await applyResolution(own.actors.owner, own.debateId, b, resolveInput("REFUTED"));
    await applyResolution(own.actors.owner, own.debateId, c, resolveInput("INCONCLUSIVE"));
    const { scores, claimsScored } = await debateBrierScores(null, own.debateId);
    expect(claimsScored).toBe(2);
    const of = (id: string) => scores.find((s) => s.userId === id)!;
    // builder: (0.8-1)^2 = 0.04 and (0.6-0)^2 = 0.36 → 0.2; breaker: (0.3-1)^2 = 0.49 and 0.01 → 0.25.
    expect(of(own.actors.builder.id).brier).toBeCloseTo(0.2);
    expect(of(own.actors.builder.id)).toMatchObject({ claimsScored: 2, side: "BUILDER", displayName: "builder" });
    expect(of(own.actors.breaker.id).brier).toBeCloseTo(0.25);
    expect(scores.map((s) => s.userId)).toEqual([own.actors.builder.id, own.actors.breaker.id]);

    // A disputed resolution stops counting until it is settled again.
    await applyResolution(own.actors.breaker, own.debateId, b, { action: "DISPUTE", summary: "Sample too small.", evidence: [] });
    const afterDispute = await debateBrierScores(null, own.debateId);
    expect(afterDispute.claimsScored).toBe(1);
    expect(afterDispute.scores.find((s) => s.userId === own.actors.builder.id)!.brier).toBeCloseTo(0.04);
  });
});
