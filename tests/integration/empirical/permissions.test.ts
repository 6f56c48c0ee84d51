// Who may do what with empirical claims, over the real services and database.
// Expectations are written out from docs/permissions.md; every refused call
// also checks that nothing was written.
import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorCode } from "@/lib/domain/errors";
import type { Visibility } from "@/lib/domain/vocabulary";
import {
  applyResolution,
  debateAgenda,
  debateBrierScores,
  markCrux,
  predictionTimeline,
  recordPrediction,
  setResolutionMode,
  unmarkCrux,
  upsertExperimentCard,
} from "@/lib/server/empirical/service";
import { db } from "@/lib/server/db/client";
import { claim, debateFixture, resolveInput, snapshot, WHO, type Fixture, type Who } from "./fixtures";

type Expect = "ok" | ErrorCode;
type Role = Exclude<Who, "anonymous" | "nonMember">;

const PLAYERS: readonly Who[] = ["builder", "breaker", "moderator", "owner"];
const STAFF: readonly Who[] = ["moderator", "owner"];
const MEMBERS: readonly Role[] = ["observer", "builder", "breaker", "moderator", "owner"];

/** For members: allowed roles get ok, others FORBIDDEN. Outsiders: 401/403, or 404 on a private debate. */
function expected(who: Who, allowed: readonly Who[], visibility: Visibility): Expect {
  if (who === "anonymous") return visibility === "PRIVATE" ? "NOT_FOUND" : "UNAUTHENTICATED";
  if (who === "nonMember") return visibility === "PRIVATE" ? "NOT_FOUND" : "FORBIDDEN";
  return allowed.includes(who) ? "ok" : "FORBIDDEN";
}

async function outcome(promise: Promise<unknown>): Promise<Expect> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    const code = (error as { code?: ErrorCode }).code;
    if (!code) throw error;
    return code;
  }
}

const card = (revision?: number) => ({
  question: "Does the hit rate exceed 40% under production traffic?",
  method: "Replay one day of production traffic against a staging cache.",
  supportIf: "Hit rate above 40%.",
  refuteIf: "Hit rate at or below 40%.",
  status: "PROPOSED" as const,
  links: [],
  revision,
});

// Crux marks follow the member's side: the owner and the moderator sit on the observer side here.
const CRUX: readonly Who[] = ["builder", "breaker"];

describe.each(["PUBLIC", "PRIVATE"] as const)("empirical permissions on a %s debate", (visibility) => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await debateFixture(visibility);
  });

  /** Runs `act` for one role and checks the outcome; refused calls change nothing. */
  async function check(who: Who, allowed: readonly Who[], act: () => Promise<unknown>) {
    const want = expected(who, allowed, visibility);
    const before = await snapshot(fx.debateId);
    const got = await outcome(act());
    expect(got, `${who}`).toBe(want);
    if (want !== "ok") expect(await snapshot(fx.debateId)).toEqual(before);
  }

  it.each(WHO)("claim:set-mode — %s", async (who) => {
    const nodeId = await claim(fx, { empirical: false });
    await check(who, PLAYERS, () => setResolutionMode(fx.as(who), fx.debateId, nodeId, { mode: "EMPIRICAL" }));
  });

  it.each(WHO)("experiment:edit — %s", async (who) => {
    const nodeId = await claim(fx);
    await check(who, PLAYERS, () => upsertExperimentCard(fx.as(who), fx.debateId, nodeId, card()));
  });

  it.each(WHO)("prediction:create — %s", async (who) => {
    const nodeId = await claim(fx);
    await check(who, MEMBERS, () => recordPrediction(fx.as(who), fx.debateId, nodeId, { probability: 0.6 }));
  });

  it.each(WHO)("claim:resolve — %s", async (who) => {
    const nodeId = await claim(fx);
    await check(who, STAFF, () => applyResolution(fx.as(who), fx.debateId, nodeId, resolveInput()));
  });

  it.each(WHO)("claim:dispute — %s", async (who) => {
    const nodeId = await claim(fx);
    await applyResolution(fx.actors.owner, fx.debateId, nodeId, resolveInput());
    await check(who, MEMBERS, () =>
      applyResolution(fx.as(who), fx.debateId, nodeId, { action: "DISPUTE", summary: "The replay skipped the nightly batch.", evidence: [] }),
    );
  });

  it.each(WHO)("claim:reopen-resolution — %s", async (who) => {
    const nodeId = await claim(fx);
    await applyResolution(fx.actors.moderator, fx.debateId, nodeId, resolveInput());
    await check(who, STAFF, () => applyResolution(fx.as(who), fx.debateId, nodeId, { action: "REOPEN", summary: "Rerun with the batch.", evidence: [] }));
  });

  it.each(WHO)("crux:mark — %s", async (who) => {
    const nodeId = await claim(fx);
    await check(who, CRUX, () => markCrux(fx.as(who), fx.debateId, nodeId));
  });

  it.each(WHO)("crux unmark without a mark of one's own — %s", async (who) => {
    const nodeId = await claim(fx);
    await check(who, CRUX, () => unmarkCrux(fx.as(who), fx.debateId, nodeId));
  });

  it.each(WHO)("reading the timeline, agenda and scores — %s", async (who) => {
    const nodeId = await claim(fx);
    const readers: readonly Who[] = visibility === "PRIVATE" ? MEMBERS : WHO;
    const want = (w: Who): Expect => (readers.includes(w) ? "ok" : "NOT_FOUND");
    const actor = who === "anonymous" ? null : fx.as(who);
    expect(await outcome(predictionTimeline(actor, fx.debateId, nodeId))).toBe(want(who));
    expect(await outcome(debateAgenda(actor, fx.debateId))).toBe(want(who));
    expect(await outcome(debateBrierScores(actor, fx.debateId))).toBe(want(who));
  });

  it("a node of another debate is not found, and nothing changes", async () => {
    const other = await debateFixture("PUBLIC");
    const foreign = await claim(other);
    const before = await snapshot(other.debateId);
    for (const act of [
      () => setResolutionMode(fx.actors.builder, fx.debateId, foreign, { mode: "OUT_OF_SCOPE" }),
      () => recordPrediction(fx.actors.builder, fx.debateId, foreign, { probability: 0.5 }),
      () => applyResolution(fx.actors.owner, fx.debateId, foreign, resolveInput()),
      () => markCrux(fx.actors.builder, fx.debateId, foreign),
      () => upsertExperimentCard(fx.actors.builder, fx.debateId, foreign, card()),
    ]) {
      expect(await outcome(act())).toBe("NOT_FOUND");
    }
    expect(await snapshot(other.debateId)).toEqual(before);
  });

  it("records an event for every change", async () => {
    const nodeId = await claim(fx, { empirical: false });
    await setResolutionMode(fx.actors.breaker, fx.debateId, nodeId, { mode: "EMPIRICAL" });
    await upsertExperimentCard(fx.actors.breaker, fx.debateId, nodeId, card());
    await recordPrediction(fx.actors.builder, fx.debateId, nodeId, { probability: "70%" });
    await markCrux(fx.actors.builder, fx.debateId, nodeId);
    await unmarkCrux(fx.actors.builder, fx.debateId, nodeId);
    await applyResolution(fx.actors.owner, fx.debateId, nodeId, resolveInput("REFUTED"));
    await applyResolution(fx.actors.observer, fx.debateId, nodeId, { action: "DISPUTE", summary: "Wrong region.", evidence: [] });
    await applyResolution(fx.actors.moderator, fx.debateId, nodeId, { action: "REOPEN", summary: "Agreed, rerun.", evidence: [] });
    const events = await db().debateEvent.findMany({ where: { debateId: fx.debateId, nodeId }, orderBy: { seq: "asc" }, select: { type: true, payload: true } });
    expect(events.map((e) => e.type)).toEqual([
      "claim.mode-changed",
      "experiment.updated",
      "prediction.created",
      "crux.marked",
      "crux.unmarked",
      "claim.resolved",
      "claim.disputed",
      "claim.reopened",
    ]);
    expect(events[0]!.payload).toEqual({ from: "ARGUMENTATIVE", to: "EMPIRICAL" });
  });
});
