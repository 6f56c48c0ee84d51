// The crux ledger, summaries and the state read on a real database: who may record,
// the history kept, bad input refused with nothing written, the verdict (empirical or
// conceded) asking every estimator to confirm or revise, the figures in the exports.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createApiToken } from "@/lib/server/auth/tokens";
import { applyResolution, debateAgenda, myAgenda, recordPrediction } from "@/lib/server/empirical/service";
import { pruneBranch } from "@/lib/server/debate/branches";
import { claimCruxLedger, debateCruxLedger, recordCruxEstimate, recordCruxFollowUp } from "@/lib/server/cruxes/service";
import { createSummary, editSummary, endorseSummary, listSummaries, withdrawEndorsement } from "@/lib/server/summaries/service";
import { debateState } from "@/lib/server/debate/state";
import { exportDebateFor } from "@/lib/server/transfer/export";
import { listActivity } from "@/lib/server/live/activity";
import { validateDocument } from "@/lib/formats/document";
import { POST as estimateRoute } from "@/app/api/v1/debates/[debateId]/nodes/[nodeId]/crux-estimates/route";
import { GET as stateRoute } from "@/app/api/v1/debates/[debateId]/state/route";
import { claim, debateFixture, resolveInput, type Fixture, type Who } from "./fixtures";

let fx: Fixture;
let token: string;

beforeAll(async () => {
  fx = await debateFixture("PUBLIC");
  token = (await createApiToken(fx.actors.builder.id, "crux test")).secret;
});

const doubleCrux = { builder: { credence: 0.8, ifTrue: 0.9, ifFalse: 0.3 }, breaker: { credence: 0.2, ifTrue: 0.7, ifFalse: 0.1 } };

async function counts() {
  const [estimates, followUps, events, notifications, summaries, endorsements] = await Promise.all([
    db().cruxEstimate.count({ where: { node: { debateId: fx.debateId } } }),
    db().cruxFollowUp.count({ where: { node: { debateId: fx.debateId } } }),
    db().debateEvent.count({ where: { debateId: fx.debateId } }),
    db().notification.count({ where: { debateId: fx.debateId } }),
    db().debateSummary.count({ where: { debateId: fx.debateId } }),
    db().summaryEndorsement.count({ where: { summary: { debateId: fx.debateId } } }),
  ]);
  return { estimates, followUps, events, notifications, summaries, endorsements };
}

async function collect(chunks: AsyncGenerator<string>) {
  let out = "";
  for await (const c of chunks) out += c;
  return out;
}

const post = (url: string, body: unknown) =>
  new Request(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

describe("who may record conditionals", () => {
  it("any member (observers too); signed-out and non-members are refused with nothing written", async () => {
    const c = await claim(fx, { empirical: false });
    const allowed: Who[] = ["observer", "builder", "breaker", "moderator", "owner"];
    for (const who of allowed) await recordCruxEstimate(fx.as(who), fx.debateId, c, { credence: 0.5, ifTrue: 0.6, ifFalse: 0.4 });
    const before = await counts();
    await expect(recordCruxEstimate(fx.as("anonymous"), fx.debateId, c, { credence: 0.5, ifTrue: 0.6, ifFalse: 0.4 })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(recordCruxEstimate(fx.as("nonMember"), fx.debateId, c, { credence: 0.5, ifTrue: 0.6, ifFalse: 0.4 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await counts()).toEqual(before);
    const { ledger } = await claimCruxLedger(null, fx.debateId, c);
    expect(ledger.people.map((p) => p.side).sort()).toEqual(["BREAKER", "BUILDER", "OBSERVER", "OBSERVER", "OBSERVER"]);
  });

  it("a private debate hides the ledger from outsiders (404)", async () => {
    const hidden = await debateFixture("PRIVATE");
    const c = await claim(hidden, { empirical: false });
    await expect(recordCruxEstimate(hidden.actors.nonMember, hidden.debateId, c, { credence: 0.5, ifTrue: 0.6, ifFalse: 0.4 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(claimCruxLedger(hidden.actors.nonMember, hidden.debateId, c)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("bad input", () => {
  it("a credence outside 0–1 is a 400 naming the field; a non-number a 422; nothing is written", async () => {
    const c = await claim(fx, { empirical: false });
    const before = await counts();
    const url = `http://localhost/api/v1/debates/${fx.debateId}/nodes/${c}/crux-estimates`;
    const outside = await estimateRoute(post(url, { credence: 0.5, ifTrue: 1.5, ifFalse: 0.1 }), ctx({ debateId: fx.debateId, nodeId: c }));
    expect(outside.status).toBe(400);
    const body = (await outside.json()) as { error: { code: string; message: string; details: { field: string } } };
    expect(body.error).toMatchObject({ code: "BAD_REQUEST", details: { field: "ifTrue" } });
    expect(body.error.message).toMatch(/between 0 and 1/);
    const negative = await estimateRoute(post(url, { credence: -0.1, ifTrue: 0.5, ifFalse: 0.1 }), ctx({ debateId: fx.debateId, nodeId: c }));
    expect(negative.status).toBe(400);
    const text = await estimateRoute(post(url, { credence: "lots", ifTrue: 0.5, ifFalse: 0.1 }), ctx({ debateId: fx.debateId, nodeId: c }));
    expect(text.status).toBe(422);
    const missing = await estimateRoute(post(url, { credence: 0.5 }), ctx({ debateId: fx.debateId, nodeId: c }));
    expect(missing.status).toBe(422);
    expect(await counts()).toEqual(before);

    const ok = await estimateRoute(post(url, { credence: 0.5, ifTrue: 1, ifFalse: 0 }), ctx({ debateId: fx.debateId, nodeId: c }));
    expect(ok.status).toBe(201);
  });

  it("the proposal itself, an unknown node and a node of another debate are refused", async () => {
    const before = await counts();
    await expect(recordCruxEstimate(fx.actors.builder, fx.debateId, fx.rootNodeId, doubleCrux.builder)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(recordCruxEstimate(fx.actors.builder, fx.debateId, "no-such-node", doubleCrux.builder)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const other = await debateFixture("PUBLIC");
    const elsewhere = await claim(other, { empirical: false });
    await expect(recordCruxEstimate(fx.actors.builder, fx.debateId, elsewhere, doubleCrux.builder)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await counts()).toEqual(before);
  });
});

describe("history, double cruxes, the agenda", () => {
  it("keeps every update; the latest counts; opposite large moves make a double crux", async () => {
    const c = await claim(fx, { title: "Hit rate stays under 40%" });
    await recordCruxEstimate(fx.actors.builder, fx.debateId, c, { credence: 0.6, ifTrue: 0.65, ifFalse: 0.55 });
    await recordCruxEstimate(fx.actors.breaker, fx.debateId, c, doubleCrux.breaker);
    let ledger = (await claimCruxLedger(null, fx.debateId, c)).ledger;
    expect(ledger.doubleCrux).toBe(false);

    await recordCruxEstimate(fx.actors.builder, fx.debateId, c, doubleCrux.builder);
    const read = await claimCruxLedger(fx.actors.builder, fx.debateId, c);
    ledger = read.ledger;
    expect(read.history).toHaveLength(3);
    expect(ledger.people.find((p) => p.userId === fx.actors.builder.id)).toMatchObject({ credence: 0.8, updates: 2 });
    expect(ledger.doubleCrux).toBe(true);
    expect(ledger.pairs).toEqual([expect.objectContaining({ builderId: fx.actors.builder.id, breakerId: fx.actors.breaker.id })]);

    const { claims } = await debateCruxLedger(null, fx.debateId);
    expect(claims[0]).toMatchObject({ nodeId: c, doubleCrux: true });

    // The agenda ranks by expected belief change, not only by disagreement.
    const quiet = await claim(fx, { title: "Nobody moves on this" });
    await recordPrediction(fx.actors.builder, fx.debateId, quiet, { probability: 0.95 });
    await recordPrediction(fx.actors.breaker, fx.debateId, quiet, { probability: 0.05 });
    const byChange = (await debateAgenda(null, fx.debateId, "expectedBeliefChange")).rows;
    const empiricalByChange = byChange.filter((r) => r.kind === "EMPIRICAL");
    expect(empiricalByChange[0]).toMatchObject({ nodeId: c, cruxEstimators: 2 });
    expect(empiricalByChange[0]!.expectedBeliefChange).toBeGreaterThan(0);
    const byDisagreement = (await debateAgenda(null, fx.debateId, "disagreement")).rows;
    expect(byDisagreement[0]!.nodeId).toBe(quiet);

    // A claim that is not empirical, with conditionals, ranks on the same list flagged CRUX; a pruned one leaves it.
    const argued = await claim(fx, { empirical: false, title: "The monitor sees every answer" });
    for (const who of ["builder", "breaker", "observer"] as const) await recordCruxEstimate(fx.actors[who], fx.debateId, argued, { credence: 0.5, ifTrue: 1, ifFalse: 0 });
    const ranked = (await debateAgenda(null, fx.debateId, "expectedBeliefChange")).rows;
    expect(ranked[0]).toMatchObject({ nodeId: argued, kind: "CRUX", status: "open", cruxEstimators: 3, disagreement: null, card: null });
    expect(ranked[0]!.expectedBeliefChange).toBeCloseTo(1.5);
    expect(ranked.find((r) => r.nodeId === c)).toMatchObject({ kind: "EMPIRICAL" });
    const gone = await claim(fx, { empirical: false, title: "Set aside for now" });
    await recordCruxEstimate(fx.actors.builder, fx.debateId, gone, { credence: 0.5, ifTrue: 1, ifFalse: 0 });
    await pruneBranch(fx.actors.owner, fx.debateId, gone, { category: "OUT_OF_SCOPE", reason: "Later" });
    expect((await debateAgenda(null, fx.debateId)).rows.map((r) => r.nodeId)).not.toContain(gone);
    // Across my debates: a debate whose only agenda claim is a crux that is not empirical is listed too.
    const other = await debateFixture("PUBLIC");
    const only = await claim(other, { empirical: false, title: "Only a crux here" });
    await recordCruxEstimate(other.actors.builder, other.debateId, only, { credence: 0.5, ifTrue: 0.9, ifFalse: 0.1 });
    expect((await myAgenda(other.actors.builder)).rows).toEqual([expect.objectContaining({ nodeId: only, kind: "CRUX", debateId: other.debateId })]);

    const activity = await listActivity(null, fx.debateId, { type: "crux", limit: 50 });
    expect(activity.events.filter((e) => e.type === "crux.estimated" && e.node?.id === c)).toHaveLength(3);
  });
});

describe("a verdict asks everyone who pre-committed", () => {
  it("empirical resolution: notifications, confirm and revise, pre-committed vs actual, no estimates after", async () => {
    const c = await claim(fx, { title: "Cold starts dominate" });
    await recordCruxEstimate(fx.actors.builder, fx.debateId, c, doubleCrux.builder);
    await recordCruxEstimate(fx.actors.breaker, fx.debateId, c, doubleCrux.breaker);
    await expect(recordCruxFollowUp(fx.actors.builder, fx.debateId, c, { action: "CONFIRM" })).rejects.toMatchObject({ code: "CONFLICT" });

    await applyResolution(fx.actors.owner, fx.debateId, c, resolveInput("REFUTED"));
    const asked = await db().notification.findMany({ where: { nodeId: c, type: "crux.follow-up" }, select: { userId: true, message: true } });
    expect(asked.map((n) => n.userId).sort()).toEqual([fx.actors.builder.id, fx.actors.breaker.id].sort());
    expect(asked[0]!.message).toMatch(/turned out false .*confirm or revise the update you pre-committed to/);
    expect((await claimCruxLedger(fx.actors.builder, fx.debateId, c)).followUpDue).toBe(true);

    const before = await counts();
    await expect(recordCruxEstimate(fx.actors.builder, fx.debateId, c, doubleCrux.builder)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(recordCruxFollowUp(fx.actors.observer, fx.debateId, c, { action: "CONFIRM" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(recordCruxFollowUp(fx.actors.breaker, fx.debateId, c, { action: "REVISE", credence: 2 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await counts()).toEqual(before);

    await recordCruxFollowUp(fx.actors.builder, fx.debateId, c, { action: "CONFIRM" });
    let read = await claimCruxLedger(fx.actors.builder, fx.debateId, c);
    expect(read.followUpDue).toBe(false);
    const b = read.ledger.people.find((p) => p.userId === fx.actors.builder.id)!;
    expect(b.precommittedUpdate).toBeCloseTo(-0.5);
    expect(b).toMatchObject({ actualCredence: 0.3, confirmed: true });
    expect(read.ledger.outcome).toBe("moved");

    await recordCruxFollowUp(fx.actors.breaker, fx.debateId, c, { action: "REVISE", credence: 0.15 });
    read = await claimCruxLedger(null, fx.debateId, c);
    const k = read.ledger.people.find((p) => p.userId === fx.actors.breaker.id)!;
    expect(k).toMatchObject({ confirmed: false, actualCredence: 0.15 });
    expect(k.precommittedUpdate).toBeCloseTo(-0.1);
    expect(k.actualUpdate).toBeCloseTo(-0.05);

    const state = await debateState(null, fx.debateId);
    expect(state.settledCruxes.map((s) => s.nodeId)).toContain(c);
    expect(state.doubleCruxes.map((s) => s.nodeId)).not.toContain(c);
  });

  it("a concession (pruned as conceded) settles the claim false; a claim that moved nobody is labelled so", async () => {
    const c = await claim(fx, { empirical: false, title: "Conceded claim" });
    await recordCruxEstimate(fx.actors.builder, fx.debateId, c, { credence: 0.8, ifTrue: 0.8, ifFalse: 0.78 });
    await pruneBranch(fx.actors.breaker, fx.debateId, c, { category: "CONCEDED", reason: "Fair point, this does not happen in practice." });
    expect(await db().notification.count({ where: { nodeId: c, type: "crux.follow-up", userId: fx.actors.builder.id } })).toBe(1);
    await recordCruxFollowUp(fx.actors.builder, fx.debateId, c, { action: "CONFIRM" });
    const { ledger } = await claimCruxLedger(null, fx.debateId, c);
    expect(ledger).toMatchObject({ outcome: "moved-nobody", verdict: { claimTrue: false, via: "conceded" } });
    // Pruning a claim nobody pre-committed on asks nobody.
    const quiet = await claim(fx, { empirical: false });
    const events = await db().debateEvent.count({ where: { debateId: fx.debateId, type: "crux.follow-up-requested" } });
    await pruneBranch(fx.actors.breaker, fx.debateId, quiet, { category: "CONCEDED", reason: "Nobody cares." });
    expect(await db().debateEvent.count({ where: { debateId: fx.debateId, type: "crux.follow-up-requested" } })).toBe(events);
  });
});

describe("summaries", () => {
  it("players and staff write; builders and breakers endorse; an edit clears the endorsements; the endorsed one is pinned", async () => {
    await expect(createSummary(fx.actors.observer, fx.debateId, { body: "Observers may not." })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const before = await counts();
    await expect(createSummary(fx.actors.builder, fx.debateId, { body: "For a version that does not exist.", versionNumber: 9 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await counts()).toEqual(before);

    const summary = await createSummary(fx.actors.builder, fx.debateId, { body: "The cache stands except for cold starts." });
    await endorseSummary(fx.actors.builder, fx.debateId, summary.id);
    await expect(endorseSummary(fx.actors.observer, fx.debateId, summary.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listSummaries(null, fx.debateId)).pinnedId).toBeNull();
    const endorsed = await endorseSummary(fx.actors.breaker, fx.debateId, summary.id);
    expect(endorsed.endorsed).toBe(true);
    expect((await listSummaries(null, fx.debateId)).pinnedId).toBe(summary.id);
    expect((await debateState(null, fx.debateId)).pinnedSummary?.id).toBe(summary.id);

    await expect(editSummary(fx.actors.breaker, fx.debateId, summary.id, { body: "Hijack", revision: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(editSummary(fx.actors.builder, fx.debateId, summary.id, { body: "Stale", revision: 7 })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await listSummaries(null, fx.debateId)).summaries[0]!.endorsements).toHaveLength(2);

    const edited = await editSummary(fx.actors.builder, fx.debateId, summary.id, { body: "The cache stands; cold starts were refuted.", revision: 1 });
    expect(edited).toMatchObject({ revision: 2, endorsed: false, endorsements: [] });
    expect((await listSummaries(null, fx.debateId)).pinnedId).toBeNull();

    await endorseSummary(fx.actors.builder, fx.debateId, summary.id);
    await endorseSummary(fx.actors.breaker, fx.debateId, summary.id);
    const withdrawn = await withdrawEndorsement(fx.actors.breaker, fx.debateId, summary.id);
    expect(withdrawn.endorsed).toBe(false);
    await endorseSummary(fx.actors.breaker, fx.debateId, summary.id);

    const types = (await listActivity(null, fx.debateId, { type: "summary", limit: 50 })).events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["summary.created", "summary.endorsed", "summary.edited", "summary.unendorsed"]));
  });
});

describe("exports and the state read", () => {
  it("the JSON export carries the ledger figures and the summaries (optional sections, still a valid document); Markdown shows them", async () => {
    const json = await collect((await exportDebateFor(null, fx.debateId, "json")).chunks);
    const doc = validateDocument(JSON.parse(json));
    expect(doc.cruxLedger?.length).toBeGreaterThan(0);
    const settled = doc.cruxLedger!.find((c) => c.figures.verdict?.via === "empirical")!;
    expect(settled.figures.people.some((p) => p.actualUpdate !== null && p.precommittedUpdate !== null)).toBe(true);
    expect(doc.cruxLedger!.some((c) => c.figures.outcome === "moved-nobody")).toBe(true);
    const refs = new Set(doc.participants.map((p) => p.ref));
    for (const c of doc.cruxLedger!) for (const e of c.estimates) expect(refs.has(e.userRef)).toBe(true);
    expect(doc.summaries?.find((s) => s.pinned)).toMatchObject({ endorsed: true, revision: 2 });

    const md = await collect((await exportDebateFor(null, fx.debateId, "markdown")).chunks);
    expect(md).toContain("## Summary");
    expect(md).toContain("cold starts were refuted");
    expect(md).toContain("## Crux ledger");
    expect(md).toMatch(/Cold starts dominate · .*settled false \(empirical\)/);
    expect(md).toContain("*moved nobody*");
  });

  it("GET /state answers the contract's shape; an unknown version is a 400", async () => {
    const ok = await stateRoute(new Request(`http://localhost/api/v1/debates/${fx.debateId}/state`), ctx({ debateId: fx.debateId }));
    expect(ok.status).toBe(200);
    const { state } = (await ok.json()) as { state: { plan: { number: number; status: string }; settledCruxes: unknown[] } };
    expect(state.plan).toMatchObject({ number: 1 });
    expect(state.settledCruxes.length).toBeGreaterThan(0);
    const bad = await stateRoute(new Request(`http://localhost/api/v1/debates/${fx.debateId}/state?version=42`), ctx({ debateId: fx.debateId }));
    expect(bad.status).toBe(400);
  });
});
