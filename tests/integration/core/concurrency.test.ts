// Races and state rules against the real database: optimistic edits, prune /
// reopen histories, version numbers from concurrent patches, double retracts
// and the per-user move rate limit. On PostgreSQL (TEST_DATABASE_URL) the
// transactions really overlap; on PGlite they interleave on one connection.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/actor";
import { rateRules } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/domain/errors";
import { env } from "@/lib/server/env";
import { createNode, editNode, retractNode } from "@/lib/server/debate/nodes";
import { pruneBranch, reopenBranch } from "@/lib/server/debate/branches";
import { debateOverview } from "@/lib/server/debate/overview";
import { visibilityStates } from "@/lib/domain/debate/pruning";
import { createDebate, createUser, insertNode, insertNodeChain, type DebateFixture } from "@/tests/factories";
import { outcomeOf, readTree } from "@/tests/support/services";

const d = db();
type Fx = DebateFixture<"mod" | "builder" | "breaker">;
let fx: Fx;

beforeAll(async () => {
  fx = await createDebate(d, {
    members: { mod: { side: "OBSERVER", role: "MODERATOR" }, builder: { side: "BUILDER" }, breaker: { side: "BREAKER" } },
  });
});

/** Starts all at once and returns "ok" or the AppError code of each, in order. */
const race = (...fns: (() => Promise<unknown>)[]): Promise<string[]> => Promise.all(fns.map(outcomeOf));

const sorted = (codes: string[]) => [...codes].sort();

async function comment(author: Actor, parentId = fx.rootNodeId) {
  return insertNode(d, { debateId: fx.id, parentId, author, kind: "COMMENT", body: "Original text" });
}

describe("edits", () => {
  it("two concurrent edits from the same base revision: one wins, the other gets CONFLICT, history has only the winner", async () => {
    const author = fx.members.builder;
    const node = await comment(author);
    const bodies = ["Edit from tab A", "Edit from tab B"];
    const codes = await race(...bodies.map((body) => () => editNode(author, fx.id, node.id, { body, revision: 1 })));
    expect(sorted(codes)).toEqual(["CONFLICT", "ok"]);
    const winner = bodies[codes.indexOf("ok")]!;
    const after = await d.node.findUniqueOrThrow({ where: { id: node.id }, select: { revision: true, body: true } });
    expect(after).toEqual({ revision: 2, body: winner });
    const history = await d.nodeRevision.findMany({ where: { nodeId: node.id }, orderBy: { revision: "asc" }, select: { revision: true, body: true } });
    expect(history).toEqual([
      { revision: 1, body: "Original text" },
      { revision: 2, body: winner },
    ]);
    expect(await d.debateEvent.count({ where: { nodeId: node.id, type: "node.edited" } })).toBe(1);
  });

  it("the CONFLICT says which revision is current; editing from it succeeds", async () => {
    const author = fx.members.builder;
    const node = await comment(author);
    await editNode(author, fx.id, node.id, { body: "second", revision: 1 });
    const err = await editNode(author, fx.id, node.id, { body: "stale", revision: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT", details: { currentRevision: 2 } });
    const third = await editNode(author, fx.id, node.id, { body: "third", revision: 2 });
    expect(third.revision).toBe(3);
    const history = await d.nodeRevision.findMany({ where: { nodeId: node.id }, orderBy: { revision: "asc" }, select: { revision: true, body: true } });
    expect(history.map((h) => h.body)).toEqual(["Original text", "second", "third"]);
  });

  it("a retracted node cannot be edited", async () => {
    const author = fx.members.builder;
    const node = await comment(author);
    await retractNode(author, fx.id, node.id);
    expect(await race(() => editNode(author, fx.id, node.id, { body: "x", revision: 1 }))).toEqual(["CONFLICT"]);
  });
});

describe("prune and reopen", () => {
  it("two concurrent prunes of the same node: one wins, one CONFLICT, exactly one PruneEvent", async () => {
    const node = await comment(fx.members.builder);
    const codes = await race(
      () => pruneBranch(fx.members.mod, fx.id, node.id, { category: "UNPROMISING", reason: "mod says no", promise: 10 }),
      () => pruneBranch(fx.owner, fx.id, node.id, { category: "OUT_OF_SCOPE", reason: "owner says no", promise: 20 }),
    );
    expect(sorted(codes)).toEqual(["CONFLICT", "ok"]);
    const events = await d.pruneEvent.findMany({ where: { nodeId: node.id } });
    expect(events).toHaveLength(1);
    const winnerId = codes[0] === "ok" ? fx.members.mod.id : fx.owner.id;
    expect(events[0]).toMatchObject({ action: "PRUNE", actorId: winnerId });
    // Only the winner's estimate is recorded.
    expect(await d.branchEstimate.findMany({ where: { nodeId: node.id }, select: { userId: true } })).toEqual([{ userId: winnerId }]);
    expect(await d.debateEvent.count({ where: { nodeId: node.id, type: "branch.pruned" } })).toBe(1);
  });

  it("concurrent prunes and reopens keep a consistent, alternating history", async () => {
    const node = await comment(fx.members.builder);
    const staff = [fx.owner, fx.members.mod, fx.members.builder, fx.members.breaker];
    let successes = 0;
    for (let round = 0; round < 6; round++) {
      const ops = staff.map((actor, i) => () =>
        (round + i) % 2 === 0
          ? actor === fx.members.breaker
            ? reopenBranch(actor, fx.id, node.id, { reason: `reopen ${round}` })
            : pruneBranch(actor, fx.id, node.id, { category: "UNPROMISING", reason: `prune ${round}` })
          : reopenBranch(actor, fx.id, node.id, { reason: `reopen ${round}` }),
      );
      const codes = await race(...ops);
      for (const c of codes) expect(["ok", "CONFLICT"]).toContain(c);
      successes += codes.filter((c) => c === "ok").length;
    }
    const events = await d.pruneEvent.findMany({ where: { nodeId: node.id }, orderBy: { createdAt: "asc" }, select: { action: true, createdAt: true } });
    expect(events).toHaveLength(successes);
    expect(successes).toBeGreaterThan(0);
    // PRUNE, REOPEN, PRUNE, … : never two of the same in a row.
    events.forEach((e, i) => expect(e.action).toBe(i % 2 === 0 ? "PRUNE" : "REOPEN"));
    const state = await d.node.findUniqueOrThrow({ where: { id: node.id }, select: { prunedAt: true } });
    expect(state.prunedAt !== null).toBe(events.at(-1)?.action === "PRUNE");
  });

  it("pruning a parent keeps a child's own earlier prune; reopening the parent leaves the child pruned", async () => {
    const [parent, child, grandchild] = await insertNodeChain(d, fx.id, fx.rootNodeId, [
      { author: fx.members.breaker, kind: "COUNTEREXAMPLE" },
      { author: fx.members.builder, kind: "REBUTTAL" },
      { author: fx.members.breaker, kind: "COMMENT" },
    ]);
    await pruneBranch(fx.members.builder, fx.id, child!, { category: "CONCEDED", reason: "child first" });
    await pruneBranch(fx.members.breaker, fx.id, parent!, { category: "REFUTED", reason: "then the parent" });
    // A pruned node cannot be pruned again, even through its parent.
    expect(await race(() => pruneBranch(fx.owner, fx.id, child!, { category: "UNPROMISING", reason: "again" }))).toEqual(["CONFLICT"]);
    await reopenBranch(fx.members.breaker, fx.id, parent!, { reason: "new evidence" });

    const rows = await readTree(fx.owner, fx.id, parent!);
    expect(rows.map((r) => r.id)).toEqual([parent, child, grandchild]); // nothing deleted
    const states = visibilityStates(rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt), prunedAt: r.prunedAt ? new Date(r.prunedAt) : null })));
    expect(Object.fromEntries(states)).toEqual({ [parent!]: "open", [child!]: "pruned", [grandchild!]: "folded" });

    const history = async (id: string) =>
      (await d.pruneEvent.findMany({ where: { nodeId: id }, orderBy: { createdAt: "asc" }, select: { action: true, reason: true } })).map(
        (e) => `${e.action}:${e.reason}`,
      );
    expect(await history(parent!)).toEqual(["PRUNE:then the parent", "REOPEN:new evidence"]);
    expect(await history(child!)).toEqual(["PRUNE:child first"]);
    expect(await history(grandchild!)).toEqual([]);
    // A folded node is not pruned itself: reopening it is a CONFLICT.
    expect(await race(() => reopenBranch(fx.owner, fx.id, grandchild!, { reason: "x" }))).toEqual(["CONFLICT"]);
    // The revisit list shows the child, still pruned, with its own reason.
    const overview = await debateOverview(fx.owner, fx.id);
    const revisit = overview.revisit.find((r) => r.nodeId === child);
    expect(revisit).toMatchObject({ reason: "child first", category: "CONCEDED" });
    expect(overview.revisit.some((r) => r.nodeId === parent)).toBe(false);
  });
});

describe("versions and retracts", () => {
  it("two concurrent patches get distinct, consecutive version numbers", async () => {
    const own = await createDebate(d, { members: { builder2: { side: "BUILDER" } } });
    const patch = (actor: Actor, text: string) => () =>
      createNode(actor, own.id, { parentId: own.rootNodeId, kind: "PATCH", title: "", body: text, proposal: `Proposal ${text}` });
    const codes = await race(patch(own.owner, "A"), patch(own.members.builder2, "B"), patch(own.owner, "C"));
    expect(codes).toEqual(["ok", "ok", "ok"]);
    const versions = await d.proposalVersion.findMany({ where: { debateId: own.id }, orderBy: { number: "asc" }, select: { number: true, body: true } });
    expect(versions.map((v) => v.number)).toEqual([1, 2, 3, 4]);
    expect(new Set(versions.slice(1).map((v) => v.body))).toEqual(new Set(["Proposal A", "Proposal B", "Proposal C"]));
  });

  it("retracting twice: the second is a CONFLICT, also when both race", async () => {
    const author = fx.members.breaker;
    const node = await comment(author);
    await retractNode(author, fx.id, node.id);
    expect(await race(() => retractNode(author, fx.id, node.id))).toEqual(["CONFLICT"]);
    const other = await comment(author);
    expect(sorted(await race(() => retractNode(author, fx.id, other.id), () => retractNode(fx.members.mod, fx.id, other.id)))).toEqual([
      "CONFLICT",
      "ok",
    ]);
    expect(await d.debateEvent.count({ where: { nodeId: { in: [node.id, other.id] }, type: "node.retracted" } })).toBe(2);
  });
});

describe("move rate limit", () => {
  it(`allows ${rateRules.movesPerUser.limit} moves per user per window, then RATE_LIMITED with nothing written`, async () => {
    const limit = Math.ceil(rateRules.movesPerUser.limit * env().RATE_LIMIT_MULTIPLIER);
    const poster = await createUser(d);
    const own = await createDebate(d, { members: { poster: { side: "BREAKER", user: poster } } });
    for (let i = 0; i < limit; i++) {
      await createNode(poster, own.id, { parentId: own.rootNodeId, kind: "COMMENT", title: "", body: `move ${i}` });
    }
    const before = await d.node.count({ where: { debateId: own.id } });
    const err = await createNode(poster, own.id, { parentId: own.rootNodeId, kind: "COMMENT", title: "", body: "one too many" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: expect.any(Number) } });
    const retry = (err as AppError & { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(rateRules.movesPerUser.windowSeconds);
    expect(await d.node.count({ where: { debateId: own.id } })).toBe(before);
    // The limit is per user: the owner still posts.
    await createNode(own.owner, own.id, { parentId: own.rootNodeId, kind: "COMMENT", title: "", body: "owner's move" });
  });
});
