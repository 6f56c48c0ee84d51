// Counterexample classes and weights over the real services and database (PGlite, and
// PostgreSQL with TEST_DATABASE_URL): permissions from docs/permissions.md, bad input that
// writes nothing, two people classifying one counterexample at once, a patch answering a
// class, estimates with history, and the owner's broken rule changing the standing.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import {
  classifyCounterexample, createClass, listClasses, plausibilityTimeline, recordPlausibility, setStandingRule, similarCounterexamples, updateClass,
} from "@/lib/server/debate/classes";
import { createNode } from "@/lib/server/debate/nodes";
import { debateOverview } from "@/lib/server/debate/overview";
import { debateState, STATE_LIVE_LISTED } from "@/lib/server/debate/state";
import { createClassSchema, plausibilitySchema, standingRuleSchema } from "@/lib/domain/debate/classes";
import { createDebate, createUser, insertNode, type DebateFixture } from "@/tests/factories";
import { outcomeOf } from "@/tests/support/services";

const d = db();
type Who = "mod" | "builder" | "breaker" | "observer";
let fx: DebateFixture<Who>;
const everyone = () => ({ owner: fx.owner, ...fx.members });

beforeAll(async () => {
  fx = await createDebate(d, {
    members: { mod: { side: "OBSERVER", role: "MODERATOR" }, builder: { side: "BUILDER" }, breaker: { side: "BREAKER" }, observer: { side: "OBSERVER" } },
  });
});

async function counterexampleBy(author: Actor, body = "The reporter predicts what a human would say") {
  return insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author, kind: "COUNTEREXAMPLE", body });
}

const counts = async () => ({
  classes: await d.counterexampleClass.count({ where: { debateId: fx.id } }),
  memberships: await d.classMembership.count({ where: { class: { debateId: fx.id } } }),
  estimates: await d.plausibilityEstimate.count({ where: { node: { debateId: fx.id } } }),
  events: await d.debateEvent.count({ where: { debateId: fx.id } }),
  nodes: await d.node.count({ where: { debateId: fx.id } }),
  rule: await d.debate.findUniqueOrThrow({ where: { id: fx.id }, select: { brokenRule: true, brokenThreshold: true } }),
});

describe("permissions (docs/permissions.md), refused calls write nothing", () => {
  it("class:create: builders, breakers, moderators and the owner; not observers or outsiders", async () => {
    const stranger = await createUser(d);
    for (const [who, actor] of Object.entries({ ...everyone(), stranger })) {
      const before = await counts();
      const result = await outcomeOf(() => createClass(actor, fx.id, { name: `Class by ${who}`, description: "" }));
      expect([who, result]).toEqual([who, ["observer", "stranger"].includes(who) ? "FORBIDDEN" : "ok"]);
      if (result !== "ok") expect(await counts()).toEqual(before);
    }
  });

  it("class:edit: its creator, moderators and the owner", async () => {
    const k = await createClass(fx.members.breaker, fx.id, { name: "Edited class", description: "" });
    expect(await outcomeOf(() => updateClass(fx.members.builder, fx.id, k.id, { name: "Hijacked" }))).toBe("FORBIDDEN");
    expect(await outcomeOf(() => updateClass(fx.members.breaker, fx.id, k.id, { name: "Edited class, renamed" }))).toBe("ok");
    expect(await outcomeOf(() => updateClass(fx.members.mod, fx.id, k.id, { description: "Tidied by a moderator" }))).toBe("ok");
    expect((await listClasses(null, fx.id)).classes.find((c) => c.id === k.id)).toMatchObject({ name: "Edited class, renamed", description: "Tidied by a moderator" });
  });

  it("counterexample:classify: the author, breakers, moderators, the owner; a builder only their own", async () => {
    const k = await createClass(fx.members.breaker, fx.id, { name: "Classify rights", description: "" });
    const byBreaker = await counterexampleBy(fx.members.breaker);
    const byBuilder = await counterexampleBy(fx.members.builder);
    const before = await counts();
    expect(await outcomeOf(() => classifyCounterexample(fx.members.builder, fx.id, byBreaker.id, { classId: k.id }))).toBe("FORBIDDEN");
    expect(await outcomeOf(() => classifyCounterexample(fx.members.observer, fx.id, byBreaker.id, { classId: k.id }))).toBe("FORBIDDEN");
    expect(await counts()).toEqual(before);
    expect(await outcomeOf(() => classifyCounterexample(fx.members.builder, fx.id, byBuilder.id, { classId: k.id }))).toBe("ok");
    for (const actor of [fx.members.breaker, fx.members.mod, fx.owner]) {
      expect(await outcomeOf(() => classifyCounterexample(actor, fx.id, byBreaker.id, { classId: null }))).toBe("ok");
      expect(await outcomeOf(() => classifyCounterexample(actor, fx.id, byBreaker.id, { classId: k.id }))).toBe("ok");
    }
  });

  it("counterexample:estimate: every member; debate:set-standing-rule: the owner alone", async () => {
    const ce = await counterexampleBy(fx.members.breaker);
    for (const actor of Object.values(everyone())) {
      expect(await outcomeOf(() => recordPlausibility(actor, fx.id, ce.id, { plausibility: 20, severity: "BREAKS" }))).toBe("ok");
    }
    const stranger = await createUser(d);
    expect(await outcomeOf(() => recordPlausibility(stranger, fx.id, ce.id, { plausibility: 20, severity: "BREAKS" }))).toBe("FORBIDDEN");
    const before = await counts();
    for (const actor of [fx.members.mod, fx.members.builder, fx.members.breaker]) {
      expect(await outcomeOf(() => setStandingRule(actor, fx.id, { rule: "PLAUSIBILITY_THRESHOLD", threshold: 10 }))).toBe("FORBIDDEN");
    }
    expect(await counts()).toEqual(before);
  });
});

describe("bad input: a clear error and nothing written", () => {
  it("the request schemas refuse out-of-range or unknown values with a message", () => {
    expect(plausibilitySchema.safeParse({ plausibility: 101, severity: "BREAKS" }).error?.issues[0]?.message).toMatch(/0 to 100/);
    expect(plausibilitySchema.safeParse({ plausibility: 12.5, severity: "BREAKS" }).error?.issues[0]?.message).toMatch(/whole percentage/);
    expect(plausibilitySchema.safeParse({ plausibility: 10, severity: "FATAL" }).error?.issues[0]?.message).toMatch(/BREAKS or DEGRADES/);
    expect(standingRuleSchema.safeParse({ rule: "MAJORITY" }).error?.issues[0]?.message).toMatch(/ANY_LIVE or PLAUSIBILITY_THRESHOLD/);
    expect(createClassSchema.safeParse({ name: "  " }).error?.issues[0]?.message).toBe("Name the class");
  });

  it("classifying a node that is not a counterexample, into another debate's class, or into an unknown class", async () => {
    const other = await createDebate(d, { owner: fx.owner });
    const foreign = await createClass(fx.owner, other.id, { name: "Elsewhere", description: "" });
    const ce = await counterexampleBy(fx.members.breaker);
    const comment = await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: fx.members.breaker, kind: "COMMENT" });
    const k = await createClass(fx.owner, fx.id, { name: "Bad input class", description: "" });
    const before = await counts();
    expect(await outcomeOf(() => classifyCounterexample(fx.owner, fx.id, comment.id, { classId: k.id }))).toBe("BAD_REQUEST");
    expect(await outcomeOf(() => classifyCounterexample(fx.owner, fx.id, ce.id, { classId: foreign.id }))).toBe("VALIDATION");
    expect(await outcomeOf(() => classifyCounterexample(fx.owner, fx.id, ce.id, { classId: "nope" }))).toBe("VALIDATION");
    expect(await outcomeOf(() => classifyCounterexample(fx.owner, fx.id, "nope", { classId: k.id }))).toBe("NOT_FOUND");
    expect(await outcomeOf(() => recordPlausibility(fx.owner, fx.id, comment.id, { plausibility: 5, severity: "DEGRADES" }))).toBe("BAD_REQUEST");
    expect(await outcomeOf(() => createClass(fx.owner, fx.id, { name: "Bad input class", description: "" }))).toBe("CONFLICT");
    expect(await counts()).toEqual(before);
  });

  it("a patch answering another debate's class is refused and writes no node, version or event", async () => {
    const other = await createDebate(d, { owner: fx.owner });
    const foreign = await createClass(fx.owner, other.id, { name: "Foreign class", description: "" });
    const before = await counts();
    const versions = await d.proposalVersion.count({ where: { debateId: fx.id } });
    const error = await createNode(fx.members.builder, fx.id, {
      parentId: fx.rootNodeId, kind: "PATCH", title: "", body: "Fix it", proposal: "New text", answersClassIds: [foreign.id],
    }).catch((e: unknown) => e as { code: string; details: unknown });
    expect(error).toMatchObject({ code: "VALIDATION", details: { fieldErrors: { answersClassIds: [expect.stringMatching(/classes of this debate/)] } } });
    expect(await counts()).toEqual(before);
    expect(await d.proposalVersion.count({ where: { debateId: fx.id } })).toBe(versions);
  });
});

describe("concurrency", () => {
  it("two people classifying the same counterexample at once end in one consistent state", async () => {
    const a = await createClass(fx.members.breaker, fx.id, { name: "Race A", description: "" });
    const b = await createClass(fx.members.breaker, fx.id, { name: "Race B", description: "" });
    for (let round = 0; round < 5; round++) {
      const ce = await counterexampleBy(fx.members.breaker);
      const results = await Promise.all([
        outcomeOf(() => classifyCounterexample(fx.members.breaker, fx.id, ce.id, { classId: a.id })),
        outcomeOf(() => classifyCounterexample(fx.members.mod, fx.id, ce.id, { classId: b.id })),
      ]);
      expect(results).toEqual(["ok", "ok"]);
      const rows = await d.classMembership.findMany({ where: { nodeId: ce.id } });
      expect(rows).toHaveLength(1);
      const events = await d.debateEvent.findMany({ where: { nodeId: ce.id, type: "counterexample.classified" }, orderBy: { seq: "asc" }, select: { payload: true } });
      // Both changed it, in some order: the second event starts from the first one's class, and the row holds the last.
      expect(events).toHaveLength(2);
      const [first, second] = events.map((e) => e.payload as { classId: string; fromClassId: string | null });
      expect(first!.fromClassId).toBeNull();
      expect(second!.fromClassId).toBe(first!.classId);
      expect(rows[0]!.classId).toBe(second!.classId);
    }
  });
});

describe("a class answered by one patch, weighed, under the owner's rule", () => {
  it("covers every counterexample in the class, keeps estimate history, and the threshold changes the standing", async () => {
    const debate = await createDebate(d, { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" } } });
    const { builder, breaker } = debate.members;
    const post = (body: string) => createNode(breaker, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body });
    const c1 = await post("The reporter learns to imitate a human labeller");
    const c2 = await post("The reporter simulates what a human would believe");
    const k = await createClass(breaker, debate.id, { name: "Human simulator", description: "The reporter models the human, not the world." });
    await classifyCounterexample(breaker, debate.id, c1.id, { classId: k.id });
    await classifyCounterexample(breaker, debate.id, c2.id, { classId: k.id });

    const similar = await similarCounterexamples(null, debate.id, "a reporter imitating humans");
    expect(similar.counterexamples.map((s) => s.id).sort()).toEqual([c1.id, c2.id].sort());
    expect(similar.counterexamples.every((s) => s.classId === k.id)).toBe(true);

    let view = await debateOverview(null, debate.id);
    expect(view.weighing.current).toMatchObject({ number: 1, status: "broken", text: "broken by 1 class, not yet weighed" });

    const patch = await createNode(builder, debate.id, {
      parentId: debate.rootNodeId, kind: "PATCH", title: "", body: "Train on held-out facts", proposal: "v2 text", answersClassIds: [k.id],
    });
    view = await debateOverview(null, debate.id);
    expect(view.scoreboard.current).toMatchObject({ number: 2, status: "stands" });
    expect(view.weighing.classes[0]).toMatchObject({ memberIds: [c1.id, c2.id], answeredByPatchIds: [patch.id] });
    expect(view.weighing.coverageByClass.at(-1)!.cells).toEqual([{ classId: k.id, status: "answered", breaks: 0, answered: 2, settled: 0, notTargeted: 0 }]);

    // A third counterexample breaks v2; both sides weigh it, and the breaker changes their mind once.
    const c3 = await createNode(breaker, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Held-out facts leak into training" });
    await recordPlausibility(builder, debate.id, c3.id, { plausibility: 5, severity: "BREAKS" });
    await recordPlausibility(breaker, debate.id, c3.id, { plausibility: 70, severity: "BREAKS" });
    await recordPlausibility(breaker, debate.id, c3.id, { plausibility: 40, severity: "BREAKS" });
    const timeline = await plausibilityTimeline(null, debate.id, c3.id);
    expect(timeline.estimates.map((e) => e.plausibility)).toEqual([5, 70, 40]);
    expect(timeline.weight).toMatchObject({ estimates: 2, median: 22.5, bySide: { BUILDER: 5, BREAKER: 40 } });

    view = await debateOverview(null, debate.id);
    expect(view.weighing.current!.text).toBe("broken by 1 counterexample, median plausibility 23 %, builders 5 % / breakers 40 %");

    // The state page: v1 still has the class live against it (both members, unweighed); v2 has c3 alone, unclassified, weighed.
    await recordPlausibility(builder, debate.id, c1.id, { plausibility: 10, severity: "DEGRADES" });
    await recordPlausibility(breaker, debate.id, c2.id, { plausibility: 60, severity: "BREAKS" });
    const v1 = await debateState(null, debate.id, 1);
    expect(v1.plan).toMatchObject({ number: 1, status: "broken", standingText: "broken by 1 class, median plausibility 35 %, builders 10 % / breakers 60 %" });
    expect(v1.liveClasses).toEqual([
      { classId: k.id, name: "Human simulator", members: [c1.id, c2.id], breaking: 2, weight: { estimates: 2, median: 35, builders: 10, breakers: 60, severity: "BREAKS" } },
    ]);
    let latest = await debateState(null, debate.id);
    expect(latest.liveClasses).toEqual([]);
    expect(latest.liveCounterexamples).toEqual([
      expect.objectContaining({ nodeId: c3.id, classId: null, breaks: true, weight: { estimates: 2, median: 22.5, builders: 5, breakers: 40, severity: "BREAKS" } }),
    ]);

    await expect(setStandingRule(debate.owner, debate.id, { rule: "PLAUSIBILITY_THRESHOLD", threshold: 30 })).resolves.toMatchObject({ changed: true });
    view = await debateOverview(null, debate.id);
    expect(view.weighing.rule).toEqual({ rule: "PLAUSIBILITY_THRESHOLD", threshold: 30 });
    expect(view.weighing.current).toMatchObject({ status: "stands", heldOff: [c3.id], text: "stands (1 live counterexample below the rule)" });
    // The scoreboard itself (the knockdown reading) is unchanged; the rule is recorded as an event.
    expect(view.scoreboard.current).toMatchObject({ status: "broken", brokenBy: [c3.id] });
    latest = await debateState(null, debate.id);
    expect(latest.rule).toEqual({ rule: "PLAUSIBILITY_THRESHOLD", threshold: 30 });
    expect(latest.plan).toMatchObject({ status: "stands", standingText: "stands (1 live counterexample below the rule)" });
    expect(latest.liveCounterexamples.map((c) => [c.nodeId, c.breaks])).toEqual([[c3.id, false]]);
    const event = await d.debateEvent.findFirstOrThrow({ where: { debateId: debate.id, type: "debate.standing-rule-changed" }, select: { payload: true } });
    expect(event.payload).toEqual({ from: { rule: "ANY_LIVE", threshold: 50 }, to: { rule: "PLAUSIBILITY_THRESHOLD", threshold: 30 } });
  });
});

describe("the state page of a debate with many live counterexamples", () => {
  it(`lists the first ${STATE_LIVE_LISTED} by name and counts them all`, async () => {
    const debate = await createDebate(d, { members: { breaker: { side: "BREAKER" } } });
    const total = STATE_LIVE_LISTED + 20;
    await d.node.createMany({
      data: Array.from({ length: total }, (_, i) => ({
        debateId: debate.id, parentId: debate.rootNodeId, depth: 1, kind: "COUNTEREXAMPLE" as const, side: "BREAKER" as const,
        authorId: debate.members.breaker.id, title: `Case ${i}`, body: `Fails in case ${i}.`, targetVersions: [1],
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      })),
    });
    const state = await debateState(null, debate.id);
    expect(state).toMatchObject({ liveCount: total, breakingCount: total, unclassifiedCount: total });
    expect(state.plan).toMatchObject({ status: "broken" });
    expect(state.liveCounterexamples).toHaveLength(STATE_LIVE_LISTED);
    expect(state.liveCounterexamples[0]).toMatchObject({ title: "Case 0", excerpt: "Fails in case 0.", breaks: true });
  });
});
