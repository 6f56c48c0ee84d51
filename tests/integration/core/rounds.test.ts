// Judged rounds against the real database, with the clock injected (never waited for).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/domain/errors";
import { editNode } from "@/lib/server/debate/nodes";
import { finaliseRound, listRounds, openRound, recordVerdict, roundResults } from "@/lib/server/rounds/service";
import { createDebate, createUser, insertNode } from "@/tests/factories";

async function errorOf(fn: () => Promise<unknown>): Promise<AppError> {
  const error = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const HOUR = 60 * 60 * 1000;
const later = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** A debate with a builder, a breaker and a judge; a round opened now with a deadline an hour away. */
async function roundFixture() {
  const fx = await createDebate(db(), {
    members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" }, judge: { side: "OBSERVER" } },
  });
  const opened = new Date(Date.now() - 1000);
  const deadline = later(opened, HOUR);
  const round = await openRound(
    fx.owner,
    fx.id,
    { title: "First round", rubric: "Does it handle every counterexample?", deadline: deadline.toISOString(), judgeIds: [fx.members.judge.id, fx.members.builder.id] },
    opened,
  );
  const counterexample = await insertNode(db(), { debateId: fx.id, parentId: fx.rootNodeId, author: fx.members.breaker, kind: "COUNTEREXAMPLE" });
  const patch = await insertNode(db(), { debateId: fx.id, parentId: counterexample.id, author: fx.members.builder, kind: "PATCH", answersNodeIds: [counterexample.id] });
  return { fx, round, opened, deadline, counterexample, patch };
}

describe("opening a round", () => {
  it("the owner opens round 1 with judges; judges are notified; an event is recorded", async () => {
    const { fx, round } = await roundFixture();
    expect(round).toMatchObject({ number: 1, status: "open", title: "First round" });
    expect(round.judges.map((j) => j.id).sort()).toEqual([fx.members.judge.id, fx.members.builder.id].sort());
    const notes = await db().notification.findMany({ where: { debateId: fx.id, type: "round.judge" }, select: { userId: true, message: true } });
    expect(notes.map((n) => n.userId).sort()).toEqual([fx.members.judge.id, fx.members.builder.id].sort());
    expect(notes[0]!.message).toMatch(/opened round 1 .*named you a judge/);
    expect(await db().debateEvent.count({ where: { debateId: fx.id, type: "round.opened" } })).toBe(1);
  });

  it("only the owner may open one; bad input is refused and nothing is written", async () => {
    const fx = await createDebate(db(), { members: { builder: { side: "BUILDER" } } });
    const stranger = await createUser(db());
    const input = { title: "R", rubric: "r", deadline: new Date(Date.now() + HOUR).toISOString(), judgeIds: [fx.members.builder.id] };
    expect(await errorOf(() => openRound(fx.members.builder, fx.id, input))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(() => openRound(fx.owner, fx.id, { ...input, judgeIds: [stranger.id] }))).toMatchObject({ code: "VALIDATION", details: { notMembers: [stranger.id] } });
    expect(await errorOf(() => openRound(fx.owner, fx.id, { ...input, deadline: new Date(Date.now() - HOUR).toISOString() }))).toMatchObject({ code: "VALIDATION" });
    expect(await db().judgedRound.count({ where: { debateId: fx.id } })).toBe(0);
    expect(await db().debateEvent.count({ where: { debateId: fx.id, type: "round.opened" } })).toBe(0);
  });

  it("one open round at a time; two owners' clicks at once make one round", async () => {
    const fx = await createDebate(db(), { members: { judge: { side: "OBSERVER" } } });
    const input = { title: "R", rubric: "r", deadline: new Date(Date.now() + HOUR).toISOString(), judgeIds: [fx.members.judge.id] };
    const results = await Promise.allSettled([openRound(fx.owner, fx.id, input), openRound(fx.owner, fx.id, input)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: "CONFLICT" });
    expect(await db().judgedRound.count({ where: { debateId: fx.id } })).toBe(1);
  });
});

describe("the deadline locks entries", () => {
  it("an entry is editable before the deadline and refused after it, with nothing written", async () => {
    const { fx, deadline, patch } = await roundFixture();
    await editNode(fx.members.builder, fx.id, patch.id, { body: "Patched text, revised before the deadline.", revision: 1 }, later(deadline, -60_000));
    const error = await errorOf(() => editNode(fx.members.builder, fx.id, patch.id, { body: "Too late", revision: 2 }, later(deadline, 1000)));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/round 1/);
    const node = await db().node.findUniqueOrThrow({ where: { id: patch.id }, select: { body: true, revision: true } });
    expect(node).toEqual({ body: "Patched text, revised before the deadline.", revision: 2 });
    // A comment is not an entry: it stays editable.
    const comment = await insertNode(db(), { debateId: fx.id, parentId: fx.rootNodeId, author: fx.members.builder, kind: "COMMENT" });
    await editNode(fx.members.builder, fx.id, comment.id, { body: "still mine to edit", revision: 1 }, later(deadline, HOUR));
  });

  it("the results list the entries with their locked revision", async () => {
    const { fx, counterexample, patch } = await roundFixture();
    const results = await roundResults(null, fx.id, 1);
    expect(results.entries.map((e) => e.nodeId)).toEqual([counterexample.id, patch.id]);
    expect(results.entries.every((e) => e.revision === 1)).toBe(true);
  });
});

describe("verdicts", () => {
  it("a judge records and revises a verdict after the deadline; the owner finalises; then nothing changes", async () => {
    const { fx, deadline, patch } = await roundFixture();
    const after = later(deadline, 60_000);
    await recordVerdict(fx.members.judge, fx.id, 1, patch.id, { verdict: "PARTIAL", reason: "Handles one of two" }, after);
    await recordVerdict(fx.members.judge, fx.id, 1, patch.id, { verdict: "HOLDS", reason: "Handles both on a second reading" }, after);
    const results = await roundResults(null, fx.id, 1, after);
    const entry = results.entries.find((e) => e.nodeId === patch.id)!;
    expect(entry.verdicts).toMatchObject([{ judgeId: fx.members.judge.id, verdict: "HOLDS", reason: "Handles both on a second reading" }]);
    expect(entry.tally).toEqual({ HOLDS: 1, PARTIAL: 0, BROKEN: 0 });
    expect(results.round.status).toBe("closed");

    expect(await errorOf(() => finaliseRound(fx.members.judge, fx.id, 1, after))).toMatchObject({ code: "FORBIDDEN" });
    await finaliseRound(fx.owner, fx.id, 1, after);
    expect((await listRounds(null, fx.id, after))[0]!.status).toBe("judged");
    expect(await errorOf(() => recordVerdict(fx.members.judge, fx.id, 1, patch.id, { verdict: "BROKEN", reason: "x" }, after))).toMatchObject({ code: "CONFLICT" });
    expect(await errorOf(() => finaliseRound(fx.owner, fx.id, 1, after))).toMatchObject({ code: "CONFLICT" });
    expect(await db().roundVerdict.findMany({ where: { nodeId: patch.id }, select: { verdict: true } })).toEqual([{ verdict: "HOLDS" }]);
  });

  it("refuses verdicts before the deadline, by non-judges, on one's own patch and on counterexamples: nothing written", async () => {
    const { fx, deadline, patch, counterexample } = await roundFixture();
    const before = later(deadline, -60_000);
    const after = later(deadline, 60_000);
    const verdict = { verdict: "HOLDS" as const, reason: "fine" };
    expect(await errorOf(() => recordVerdict(fx.members.judge, fx.id, 1, patch.id, verdict, before))).toMatchObject({ code: "CONFLICT" });
    expect(await errorOf(() => recordVerdict(fx.members.breaker, fx.id, 1, patch.id, verdict, after))).toMatchObject({ code: "FORBIDDEN" });
    const own = await errorOf(() => recordVerdict(fx.members.builder, fx.id, 1, patch.id, verdict, after));
    expect(own).toMatchObject({ code: "FORBIDDEN" });
    expect(own.message).toMatch(/own entry/);
    expect(await errorOf(() => recordVerdict(fx.members.judge, fx.id, 1, counterexample.id, verdict, after))).toMatchObject({ code: "CONFLICT" });
    expect(await errorOf(() => recordVerdict(fx.members.judge, fx.id, 2, patch.id, verdict, after))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db().roundVerdict.count({ where: { nodeId: { in: [patch.id, counterexample.id] } } })).toBe(0);
  });

  it("a private debate's rounds are 404 to outsiders", async () => {
    const fx = await createDebate(db(), { visibility: "PRIVATE", members: { judge: { side: "OBSERVER" } } });
    await openRound(fx.owner, fx.id, { title: "R", rubric: "r", deadline: new Date(Date.now() + HOUR).toISOString(), judgeIds: [fx.members.judge.id] });
    const outsider = await createUser(db());
    expect(await errorOf(() => listRounds(outsider, fx.id))).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf(() => roundResults(null, fx.id, 1))).toMatchObject({ code: "NOT_FOUND" });
  });
});
