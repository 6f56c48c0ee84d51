// Deleting a counterexample class, and the notifications classes and the broken rule cause, over
// the real services and database (PGlite, and PostgreSQL with TEST_DATABASE_URL): who may delete
// (docs/permissions.md note 9), refused calls write nothing, the standing recomputed honestly (a
// counterexample answered only through the class is live again), deletion racing a classification
// or a patch, and who is notified of what.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { classifyCounterexample, createClass, deleteClass, listClasses, setStandingRule, updateClass } from "@/lib/server/debate/classes";
import { createNode } from "@/lib/server/debate/nodes";
import { debateOverview } from "@/lib/server/debate/overview";
import { activitySentence } from "@/lib/domain/debate/activity-line";
import { createDebate, createUser, insertNode, type DebateFixture } from "@/tests/factories";
import { outcomeOf } from "@/tests/support/services";

const d = db();
type Who = "mod" | "builder" | "breaker" | "breaker2" | "observer";
let fx: DebateFixture<Who>;

beforeAll(async () => {
  fx = await createDebate(d, {
    members: {
      mod: { side: "OBSERVER", role: "MODERATOR" }, builder: { side: "BUILDER" }, breaker: { side: "BREAKER" }, breaker2: { side: "BREAKER" }, observer: { side: "OBSERVER" },
    },
  });
});

const counterexampleBy = (author: Actor, body = "The reporter predicts what a human would say") =>
  insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author, kind: "COUNTEREXAMPLE", body });

const counts = async (debateId = fx.id) => ({
  classes: await d.counterexampleClass.count({ where: { debateId } }),
  memberships: await d.classMembership.count({ where: { class: { debateId } } }),
  answers: await d.patchClassAnswer.count({ where: { class: { debateId } } }),
  events: await d.debateEvent.count({ where: { debateId } }),
  notifications: await d.notification.count({ where: { debateId } }),
});

const notificationsOf = (userId: string, debateId = fx.id) =>
  d.notification.findMany({ where: { userId, debateId }, orderBy: { createdAt: "asc" }, select: { type: true, message: true, nodeId: true } });

async function answeredClass(debate: DebateFixture<"builder" | "breaker">, name: string) {
  const { builder, breaker } = debate.members;
  const k = await createClass(breaker, debate.id, { name, description: "" });
  const ce = await createNode(breaker, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: `A member of ${name}` });
  await classifyCounterexample(breaker, debate.id, ce.id, { classId: k.id });
  const patch = await createNode(builder, debate.id, { parentId: debate.rootNodeId, kind: "PATCH", title: "", body: "Answer the class", proposal: `Answers ${name}`, answersClassIds: [k.id] });
  return { k, ce, patch };
}

describe("who may delete a class (docs/permissions.md note 9); a refused call writes nothing", () => {
  it("its creator while no patch answers it; moderators and the owner always; nobody else", async () => {
    const k = await createClass(fx.members.breaker, fx.id, { name: "Deletable", description: "" });
    const ce = await counterexampleBy(fx.members.breaker2);
    await classifyCounterexample(fx.members.breaker2, fx.id, ce.id, { classId: k.id });
    const before = await counts();
    const stranger = await createUser(d);
    for (const actor of [fx.members.builder, fx.members.breaker2, fx.members.observer, stranger]) {
      expect(await outcomeOf(() => deleteClass(actor, fx.id, k.id))).toBe("FORBIDDEN");
    }
    expect(await outcomeOf(() => deleteClass(fx.owner, fx.id, "no-such-class"))).toBe("NOT_FOUND");
    expect(await counts()).toEqual(before);
    expect(await outcomeOf(() => deleteClass(fx.members.breaker, fx.id, k.id))).toBe("ok");
    expect(await d.classMembership.findUnique({ where: { nodeId: ce.id } })).toBeNull();
    expect(await outcomeOf(() => deleteClass(fx.members.breaker, fx.id, k.id))).toBe("NOT_FOUND");
  });

  it("once a patch answers it, its creator may not (that would undo the answer); a moderator may", async () => {
    const debate = await createDebate(d, { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" }, mod: { side: "OBSERVER", role: "MODERATOR" } } });
    const { k } = await answeredClass(debate, "Answered");
    const before = await counts(debate.id);
    const error = await deleteClass(debate.members.breaker, debate.id, k.id).catch((e: unknown) => e as { code: string; message: string });
    expect(error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/A patch answers this class/) });
    expect(await counts(debate.id)).toEqual(before);
    expect(await outcomeOf(() => deleteClass(debate.members.mod, debate.id, k.id))).toBe("ok");
  });

  it("another debate's class, or a private debate's class for an outsider, does not exist", async () => {
    const other = await createDebate(d, { owner: fx.owner });
    const foreign = await createClass(fx.owner, other.id, { name: "Elsewhere", description: "" });
    expect(await outcomeOf(() => deleteClass(fx.owner, fx.id, foreign.id))).toBe("NOT_FOUND");
    const hidden = await createDebate(d, { visibility: "PRIVATE" });
    const secret = await createClass(hidden.owner, hidden.id, { name: "Secret", description: "" });
    expect(await outcomeOf(() => deleteClass(fx.members.breaker, hidden.id, secret.id))).toBe("NOT_FOUND");
    expect(await d.counterexampleClass.count({ where: { id: { in: [foreign.id, secret.id] } } })).toBe(2);
  });
});

describe("the standing after a deletion", () => {
  it("a counterexample answered only through the class is live again; one also answered directly stays answered", async () => {
    const debate = await createDebate(d, { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" } } });
    const { builder, breaker } = debate.members;
    const post = (body: string) => createNode(breaker, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body });
    const onlyThroughClass = await post("The reporter imitates the labeller");
    const alsoDirect = await post("The reporter simulates the human");
    const k = await createClass(breaker, debate.id, { name: "Human simulator", description: "" });
    await classifyCounterexample(breaker, debate.id, onlyThroughClass.id, { classId: k.id });
    await classifyCounterexample(breaker, debate.id, alsoDirect.id, { classId: k.id });
    const patch = await createNode(builder, debate.id, {
      parentId: debate.rootNodeId, kind: "PATCH", title: "", body: "Held-out facts", proposal: "v2", answersClassIds: [k.id], answersNodeIds: [alsoDirect.id],
    });
    let view = await debateOverview(null, debate.id);
    expect(view.scoreboard.current).toMatchObject({ number: 2, status: "stands" });
    expect(view.weighing.current).toMatchObject({ number: 2, status: "stands" });

    await deleteClass(debate.owner, debate.id, k.id);
    view = await debateOverview(null, debate.id);
    expect(view.scoreboard.current).toMatchObject({ number: 2, status: "broken", brokenBy: [onlyThroughClass.id] });
    expect(view.weighing.current).toMatchObject({ number: 2, status: "broken" });
    expect(view.weighing.classes).toEqual([]);
    expect((await listClasses(null, debate.id)).classes).toEqual([]);
    expect(await d.classMembership.count({ where: { nodeId: { in: [onlyThroughClass.id, alsoDirect.id] } } })).toBe(0);
    expect(await d.patchClassAnswer.count({ where: { patchId: patch.id } })).toBe(0);

    const event = await d.debateEvent.findFirstOrThrow({ where: { debateId: debate.id, type: "class.deleted" }, select: { type: true, payload: true, actorId: true } });
    expect(event.payload).toEqual({ classId: k.id, name: "Human simulator", memberIds: [onlyThroughClass.id, alsoDirect.id], answeredByPatchIds: [patch.id] });
    const line = activitySentence({ type: event.type, actorName: "Ada", subjectName: null, node: null, payload: event.payload });
    expect(line).toBe("Ada deleted the class “Human simulator” (2 counterexamples left it; 1 patch answer went with it)");
  });
});

describe("concurrency: one clear outcome", () => {
  it("deleting a class while someone classifies into it: the classification lands first and leaves with the class, or is refused", async () => {
    for (let round = 0; round < 6; round++) {
      const k = await createClass(fx.members.breaker, fx.id, { name: `Race delete ${round}`, description: "" });
      const ce = await counterexampleBy(fx.members.breaker2);
      const remove = () => outcomeOf(() => deleteClass(fx.owner, fx.id, k.id));
      const classify = () => outcomeOf(() => classifyCounterexample(fx.members.breaker2, fx.id, ce.id, { classId: k.id }));
      // Either call may start first.
      const [deleted, classified] = round % 2
        ? await Promise.all([remove(), classify()])
        : await Promise.all([classify(), remove()]).then(([c, r]) => [r, c] as const);
      expect(deleted).toBe("ok");
      expect(["ok", "VALIDATION"]).toContain(classified);
      expect(await d.counterexampleClass.findUnique({ where: { id: k.id } })).toBeNull();
      expect(await d.classMembership.findUnique({ where: { nodeId: ce.id } })).toBeNull();
      const classified_ = await d.debateEvent.count({ where: { nodeId: ce.id, type: "counterexample.classified" } });
      const deletion = await d.debateEvent.findFirstOrThrow({ where: { debateId: fx.id, type: "class.deleted", payload: { path: ["classId"], equals: k.id } }, select: { payload: true } });
      // A classification that landed is recorded, and the deletion names the counterexample it took out.
      expect(classified_).toBe(classified === "ok" ? 1 : 0);
      expect((deletion.payload as { memberIds: string[] }).memberIds).toEqual(classified === "ok" ? [ce.id] : []);
    }
  });

  it("deleting a class while a patch answers it: the answer lands first and goes with the class, or the patch is refused whole", async () => {
    const debate = await createDebate(d, { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" } } });
    for (let round = 0; round < 4; round++) {
      const k = await createClass(debate.members.breaker, debate.id, { name: `Race patch ${round}`, description: "" });
      const nodesBefore = await d.node.count({ where: { debateId: debate.id } });
      const [deleted, patched] = await Promise.all([
        outcomeOf(() => deleteClass(debate.owner, debate.id, k.id)),
        outcomeOf(() => createNode(debate.members.builder, debate.id, { parentId: debate.rootNodeId, kind: "PATCH", title: "", body: "Race", proposal: `v ${round}`, answersClassIds: [k.id] })),
      ]);
      expect(deleted).toBe("ok");
      expect(["ok", "VALIDATION"]).toContain(patched);
      expect(await d.patchClassAnswer.count({ where: { classId: k.id } })).toBe(0);
      expect(await d.node.count({ where: { debateId: debate.id } })).toBe(nodesBefore + (patched === "ok" ? 1 : 0));
    }
  });
});

describe("renaming with the version the editor read", () => {
  it("a rename based on an older version is refused (409) and writes nothing; of two at once, one wins", async () => {
    const k = await createClass(fx.members.breaker, fx.id, { name: "Rename me", description: "" });
    const read = k.updatedAt.toISOString();
    const renamed = await updateClass(fx.members.breaker, fx.id, k.id, { name: "Renamed once", expectedUpdatedAt: read });
    const before = await counts();
    const stale = await updateClass(fx.members.mod, fx.id, k.id, { name: "Stale rename", expectedUpdatedAt: read }).catch((e: unknown) => e as { code: string; message: string });
    expect(stale).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/changed since you opened it/) });
    expect(await counts()).toEqual(before);
    expect((await listClasses(null, fx.id)).classes.find((c) => c.id === k.id)!.name).toBe("Renamed once");

    const from = renamed.updatedAt.toISOString();
    const results = await Promise.all([
      outcomeOf(() => updateClass(fx.members.breaker, fx.id, k.id, { name: "Race one", expectedUpdatedAt: from })),
      outcomeOf(() => updateClass(fx.members.mod, fx.id, k.id, { name: "Race two", expectedUpdatedAt: from })),
    ]);
    expect(results.sort()).toEqual(["CONFLICT", "ok"]);
    expect(await d.debateEvent.count({ where: { debateId: fx.id, type: "class.updated", payload: { path: ["classId"], equals: k.id } } })).toBe(2);
  });

  it("a taken name is a 409 on the name field; a missing class is 404", async () => {
    await createClass(fx.members.breaker, fx.id, { name: "Taken name", description: "" });
    const k = await createClass(fx.members.breaker, fx.id, { name: "Free name", description: "" });
    const error = await updateClass(fx.members.breaker, fx.id, k.id, { name: "Taken name", expectedUpdatedAt: k.updatedAt.toISOString() }).catch((e: unknown) => e as { code: string; details: unknown });
    expect(error).toMatchObject({ code: "CONFLICT", details: { fieldErrors: { name: [expect.stringMatching(/already has a class with that name/)] } } });
    expect(await outcomeOf(() => updateClass(fx.owner, fx.id, "no-such-class", { name: "X", expectedUpdatedAt: k.updatedAt.toISOString() }))).toBe("NOT_FOUND");
  });
});

describe("notifications (same transaction, never to the actor)", () => {
  it("the author hears when someone else classifies their counterexample, not when they do it themself", async () => {
    const a = await createClass(fx.members.breaker, fx.id, { name: "Notify A", description: "" });
    const b = await createClass(fx.members.breaker, fx.id, { name: "Notify B", description: "" });
    const ce = await counterexampleBy(fx.members.breaker2, "The labeller is fooled by fluent answers");
    const before = (await notificationsOf(fx.members.breaker2.id)).length;
    await classifyCounterexample(fx.members.breaker2, fx.id, ce.id, { classId: a.id });
    expect(await notificationsOf(fx.members.breaker2.id)).toHaveLength(before);
    await classifyCounterexample(fx.members.breaker, fx.id, ce.id, { classId: b.id });
    await classifyCounterexample(fx.members.mod, fx.id, ce.id, { classId: null });
    const mine = (await notificationsOf(fx.members.breaker2.id)).slice(before);
    expect(mine.map((n) => n.type)).toEqual(["counterexample.classified", "counterexample.classified"]);
    expect(mine[0]!.message).toMatch(/^\S+ moved your counterexample “The labeller is fooled by fluent answers” from the class “Notify A” to “Notify B” in “/);
    expect(mine[1]!.message).toMatch(/took your counterexample “The labeller is fooled by fluent answers” out of the class “Notify B” in “/);
    expect(mine.every((n) => n.nodeId === ce.id)).toBe(true);
    // An unchanged classification is no event and no notification.
    await classifyCounterexample(fx.members.mod, fx.id, ce.id, { classId: null });
    expect((await notificationsOf(fx.members.breaker2.id)).slice(before)).toHaveLength(2);
  });

  it("the authors of a class's counterexamples hear when a patch answers the class", async () => {
    const debate = await createDebate(d, { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" }, breaker2: { side: "BREAKER" } } });
    const { builder, breaker, breaker2 } = debate.members;
    const k = await createClass(breaker, debate.id, { name: "Answer me", description: "" });
    for (const author of [breaker, breaker2]) {
      const ce = await createNode(author, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: `By ${author.displayName}`, body: "A scenario" });
      await classifyCounterexample(author, debate.id, ce.id, { classId: k.id });
    }
    // The builder's own counterexample in the class (OPEN play): no notice to the patch's author.
    const own = await createNode(builder, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "Own one", body: "Mine" });
    await classifyCounterexample(builder, debate.id, own.id, { classId: k.id });
    const patch = await createNode(builder, debate.id, { parentId: debate.rootNodeId, kind: "PATCH", title: "The fix", body: "Fix", proposal: "v2", answersClassIds: [k.id] });
    for (const author of [breaker, breaker2]) {
      const mine = (await notificationsOf(author.id, debate.id)).filter((n) => n.type === "class.answered");
      expect(mine).toHaveLength(1);
      expect(mine[0]!.nodeId).toBe(patch.id);
      expect(mine[0]!.message).toContain(`posted a patch “The fix” answering the class “Answer me”, which holds your counterexample “By ${author.displayName}”, in “`);
    }
    expect((await notificationsOf(builder.id, debate.id)).filter((n) => n.type === "class.answered")).toEqual([]);
  });

  it("every builder and breaker hears when the owner changes the broken rule; observers and the owner do not", async () => {
    const before = await Promise.all(Object.values({ owner: fx.owner, ...fx.members }).map(async (u) => (await notificationsOf(u.id)).length));
    await setStandingRule(fx.owner, fx.id, { rule: "PLAUSIBILITY_THRESHOLD", threshold: 35 });
    await setStandingRule(fx.owner, fx.id, { rule: "PLAUSIBILITY_THRESHOLD", threshold: 35 }); // unchanged: nothing
    const after = await Promise.all(Object.values({ owner: fx.owner, ...fx.members }).map(async (u) => (await notificationsOf(u.id)).length));
    const gained = Object.keys({ owner: fx.owner, ...fx.members }).filter((_, i) => after[i]! > before[i]!);
    expect(gained.sort()).toEqual(["breaker", "breaker2", "builder"]);
    const [latest] = (await notificationsOf(fx.members.builder.id)).slice(-1);
    expect(latest).toMatchObject({ type: "standing-rule.changed", nodeId: null });
    expect(latest!.message).toMatch(/changed what marks a version broken in “.*”: now a live counterexample with median plausibility of at least 35 % \(or not yet weighed\), before any live counterexample$/);
    await setStandingRule(fx.owner, fx.id, { rule: "ANY_LIVE" });
  });

  it("a deleted class's member and answering-patch authors hear of it", async () => {
    const debate = await createDebate(d, { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" } } });
    const { k } = await answeredClass(debate, "Going away");
    await deleteClass(debate.owner, debate.id, k.id);
    const toBreaker = (await notificationsOf(debate.members.breaker.id, debate.id)).filter((n) => n.type === "class.deleted");
    const toBuilder = (await notificationsOf(debate.members.builder.id, debate.id)).filter((n) => n.type === "class.deleted");
    expect(toBreaker).toHaveLength(1);
    expect(toBreaker[0]!.message).toMatch(/deleted the class “Going away” in “.*”; your counterexample “A member of Going away” is in no class now/);
    expect(toBuilder).toHaveLength(1);
    expect(toBuilder[0]!.message).toMatch(/your patch “Answer the class” no longer answers its counterexamples through it$/);
    expect((await notificationsOf(debate.owner.id, debate.id)).filter((n) => n.type === "class.deleted")).toEqual([]);
  });
});
