// The life of debates and accounts against the real database: leaving,
// transferring ownership (also two at once), deleting a debate (nothing of it
// remains in any table) and deleting an account (anonymised, moves kept or
// removed by the documented rule). On PostgreSQL (TEST_DATABASE_URL) the races
// really overlap; on PGlite they interleave on one connection.
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/actor";
import { authenticate } from "@/lib/server/users/service";
import { createApiToken, userForToken } from "@/lib/server/auth/tokens";
import { db } from "@/lib/server/db/client";
import { getDebate, inviteMember, joinDebate } from "@/lib/server/debate/debates";
import { deleteDebate, leaveDebate, transferOwnership } from "@/lib/server/debate/lifecycle";
import { listNotifications } from "@/lib/server/notifications/service";
import { exportDebateFor } from "@/lib/server/transfer/export";
import { deleteAccount, deletedUsername, DELETED_USER_NAME } from "@/lib/server/users/delete-account";
import { createDebate, createUser, insertNode, uniqueSuffix, type DebateFixture } from "@/tests/factories";
import { appErrorOf, outcomeOf, readTreeText } from "@/tests/support/services";

const d = db();
type Fx = DebateFixture<"mod" | "builder" | "breaker">;
const PASSWORD = "Correct horse battery 9!";

const fixture = (options: Parameters<typeof createDebate>[1] = {}): Promise<Fx> =>
  createDebate(d, {
    ...options,
    members: { mod: { side: "OBSERVER", role: "MODERATOR" }, builder: { side: "BUILDER" }, breaker: { side: "BREAKER" } },
  }) as Promise<Fx>;

const race = (...fns: (() => Promise<unknown>)[]): Promise<string[]> => Promise.all(fns.map(outcomeOf));


async function events(debateId: string, type: string) {
  return d.debateEvent.findMany({ where: { debateId, type }, select: { actorId: true, payload: true } });
}

async function exportJson(actor: Pick<Actor, "id"> | null, debateId: string): Promise<string> {
  let text = "";
  for await (const chunk of (await exportDebateFor(actor, debateId, "json")).chunks) text += chunk;
  return text;
}

describe("leaving a debate", () => {
  it("a member leaves: membership gone, moves stay, one member.left event; they may join again", async () => {
    const fx = await fixture();
    const move = await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: fx.members.breaker, kind: "COUNTEREXAMPLE" });
    await leaveDebate(fx.members.breaker, fx.id);
    expect(await d.membership.count({ where: { debateId: fx.id, userId: fx.members.breaker.id } })).toBe(0);
    expect(await d.node.findUnique({ where: { id: move.id }, select: { authorId: true } })).toEqual({ authorId: fx.members.breaker.id });
    expect(await events(fx.id, "member.left")).toEqual([{ actorId: fx.members.breaker.id, payload: { userId: fx.members.breaker.id } }]);
    expect(await outcomeOf(() => leaveDebate(fx.members.breaker, fx.id))).toBe("FORBIDDEN");
    expect(await outcomeOf(() => joinDebate(fx.members.breaker, fx.id, "BREAKER"))).toBe("ok");
  });

  it("the owner cannot leave: the error says to transfer first, nothing is written", async () => {
    const fx = await fixture();
    const error = await appErrorOf(() => leaveDebate(fx.owner, fx.id));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/transfer ownership/i);
    expect(await d.membership.count({ where: { debateId: fx.id, userId: fx.owner.id } })).toBe(1);
    expect(await events(fx.id, "member.left")).toEqual([]);
  });

  it("leaving a private debate takes away reading it", async () => {
    const fx = await fixture({ visibility: "PRIVATE" });
    await leaveDebate(fx.members.builder, fx.id);
    expect(await outcomeOf(() => getDebate(fx.members.builder, fx.id))).toBe("NOT_FOUND");
  });
});

describe("transferring ownership", () => {
  it("the new owner owns (role OWNER, notified); the old owner stays as a moderator; one event", async () => {
    const fx = await fixture({ title: "Handed on" });
    await transferOwnership(fx.owner, fx.id, fx.members.builder.id);
    const debate = await d.debate.findUniqueOrThrow({ where: { id: fx.id }, select: { ownerId: true } });
    expect(debate.ownerId).toBe(fx.members.builder.id);
    const roles = await d.membership.findMany({ where: { debateId: fx.id, userId: { in: [fx.owner.id, fx.members.builder.id] } }, select: { userId: true, role: true, side: true } });
    expect(roles).toEqual(
      expect.arrayContaining([
        { userId: fx.owner.id, role: "MODERATOR", side: "BUILDER" },
        { userId: fx.members.builder.id, role: "OWNER", side: "BUILDER" },
      ]),
    );
    expect(await events(fx.id, "debate.ownership-transferred")).toEqual([
      { actorId: fx.owner.id, payload: { userId: fx.members.builder.id, from: fx.owner.id } },
    ]);
    const { notifications } = await listNotifications(fx.members.builder, { limit: 10 });
    expect(notifications).toEqual([expect.objectContaining({ type: "ownership.transferred", debateId: fx.id, message: expect.stringContaining("Handed on") })]);
    // The new owner has the owner's rights, the old one a moderator's.
    expect((await getDebate(fx.members.builder, fx.id)).inviteCode).toBe(fx.inviteCode);
    expect(await outcomeOf(() => transferOwnership(fx.owner, fx.id, fx.members.breaker.id))).toBe("FORBIDDEN");
    expect(await outcomeOf(() => leaveDebate(fx.owner, fx.id))).toBe("ok");
  });

  it("an owner without a membership row becomes a moderator on the observer side", async () => {
    const fx = await fixture();
    await d.membership.delete({ where: { debateId_userId: { debateId: fx.id, userId: fx.owner.id } } });
    await transferOwnership(fx.owner, fx.id, fx.members.breaker.id);
    expect(await d.membership.findUnique({ where: { debateId_userId: { debateId: fx.id, userId: fx.owner.id } }, select: { role: true, side: true } })).toEqual({
      role: "MODERATOR",
      side: "OBSERVER",
    });
  });

  it("only to a current member, never to oneself; nothing is written", async () => {
    const fx = await fixture();
    const stranger = await createUser(d);
    expect(await outcomeOf(() => transferOwnership(fx.owner, fx.id, stranger.id))).toBe("NOT_FOUND");
    expect(await outcomeOf(() => transferOwnership(fx.owner, fx.id, "no-such-user"))).toBe("NOT_FOUND");
    expect(await outcomeOf(() => transferOwnership(fx.owner, fx.id, fx.owner.id))).toBe("BAD_REQUEST");
    expect((await d.debate.findUniqueOrThrow({ where: { id: fx.id }, select: { ownerId: true } })).ownerId).toBe(fx.owner.id);
    expect(await events(fx.id, "debate.ownership-transferred")).toEqual([]);
  });

  it("two transfers at once: one wins, the other gets CONFLICT, and exactly one member holds the OWNER role", async () => {
    for (let round = 0; round < 3; round++) {
      const fx = await fixture();
      const outcomes = await race(
        () => transferOwnership(fx.owner, fx.id, fx.members.builder.id),
        () => transferOwnership(fx.owner, fx.id, fx.members.breaker.id),
      );
      expect([...outcomes].sort()).toEqual(["CONFLICT", "ok"]);
      const winner = outcomes[0] === "ok" ? fx.members.builder : fx.members.breaker;
      expect((await d.debate.findUniqueOrThrow({ where: { id: fx.id }, select: { ownerId: true } })).ownerId).toBe(winner.id);
      const owners = await d.membership.findMany({ where: { debateId: fx.id, role: "OWNER" }, select: { userId: true } });
      expect(owners).toEqual([{ userId: winner.id }]);
      expect(await events(fx.id, "debate.ownership-transferred")).toHaveLength(1);
    }
  });

  it("a transfer racing the new owner's leaving: either they own it as a member, or they left and the owner is unchanged", async () => {
    for (let round = 0; round < 3; round++) {
      const fx = await fixture();
      const to = fx.members.builder;
      const [transferred, left] = await race(
        () => transferOwnership(fx.owner, fx.id, to.id),
        () => leaveDebate(to, fx.id),
      );
      const ownerId = (await d.debate.findUniqueOrThrow({ where: { id: fx.id }, select: { ownerId: true } })).ownerId;
      const membership = await d.membership.count({ where: { debateId: fx.id, userId: to.id } });
      if (ownerId === to.id) {
        expect([transferred, left]).toEqual(["ok", "FORBIDDEN"]);
        expect(membership).toBe(1);
      } else {
        expect(left).toBe("ok");
        expect(transferred).toBe("NOT_FOUND");
        expect(membership).toBe(0);
      }
    }
  });
});

/** Every table with a debateId or nodeId column, read from the schema so a new table is covered too. */
async function rowsOfDebate(debateId: string, nodeIds: string[]): Promise<Record<string, number>> {
  const columns = await d.$queryRaw<{ table: string; column: string }[]>`
    SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name IN ('debateId', 'nodeId') AND table_name <> '_prisma_migrations'
    ORDER BY table_name, column_name`;
  const counts: Record<string, number> = {};
  const debateRow = await d.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "Debate" WHERE "id" = $1`, debateId);
  counts["Debate.id"] = debateRow[0]!.n;
  for (const { table, column } of columns) {
    const rows =
      column === "debateId"
        ? await d.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}" WHERE "debateId" = $1`, debateId)
        : await d.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}" WHERE "nodeId" = ANY($1::text[])`, nodeIds);
    counts[`${table}.${column}`] = rows[0]!.n;
  }
  return counts;
}

/** A debate with at least one row in every table that belongs to a debate. */
async function fullDebate(): Promise<{ fx: Fx; nodeIds: string[] }> {
  const fx = await fixture({ title: `Doomed ${uniqueSuffix()}` });
  const { builder, breaker, mod } = fx.members;
  const cx = await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: breaker, kind: "COUNTEREXAMPLE" });
  const patch = await insertNode(d, { debateId: fx.id, parentId: cx.id, author: builder, kind: "PATCH", answersNodeIds: [cx.id], version: { number: 2, body: "v2" } });
  const reply = await insertNode(d, { debateId: fx.id, parentId: patch.id, author: mod, kind: "COMMENT" });
  await d.nodeRevision.create({ data: { nodeId: reply.id, revision: 1, editorId: mod.id, title: "", body: "before" } });
  await d.pruneEvent.create({ data: { debateId: fx.id, nodeId: reply.id, actorId: mod.id, action: "PRUNE", category: "UNPROMISING", reason: "r" } });
  await d.branchEstimate.create({ data: { nodeId: cx.id, userId: builder.id, promise: 40 } });
  await d.node.update({ where: { id: cx.id }, data: { resolutionMode: "EMPIRICAL" } });
  await d.experimentCard.create({ data: { nodeId: cx.id, question: "q", method: "m", supportIf: "s", refuteIf: "r" } });
  await d.prediction.create({ data: { nodeId: cx.id, userId: breaker.id, side: "BREAKER", probability: 0.7 } });
  await d.resolutionEvent.create({ data: { nodeId: cx.id, actorId: mod.id, action: "RESOLVE", outcome: "SUPPORTED", summary: "s" } });
  await d.cruxMark.create({ data: { nodeId: cx.id, userId: breaker.id, side: "BREAKER" } });
  await d.notification.create({ data: { userId: builder.id, debateId: fx.id, eventSeq: 1n, type: "reply", nodeId: cx.id, message: "m" } });
  // Links, classes and weights (#14), the crux ledger and summaries, judged rounds (#16).
  await d.nodeLink.create({ data: { debateId: fx.id, fromNodeId: reply.id, toNodeId: cx.id, type: "SEE_ALSO", authorId: mod.id } });
  const klass = await d.counterexampleClass.create({ data: { debateId: fx.id, name: "A class", createdById: breaker.id } });
  await d.classMembership.create({ data: { nodeId: cx.id, classId: klass.id, addedById: breaker.id } });
  await d.plausibilityEstimate.create({ data: { nodeId: cx.id, userId: builder.id, side: "BUILDER", plausibility: 20, severity: "BREAKS" } });
  await d.cruxEstimate.create({ data: { nodeId: cx.id, userId: breaker.id, side: "BREAKER", credence: 0.5, ifTrue: 0.2, ifFalse: 0.8 } });
  await d.cruxFollowUp.create({ data: { nodeId: cx.id, userId: breaker.id, claimTrue: true, credence: 0.3, confirmed: true } });
  await d.debateSummary.create({ data: { debateId: fx.id, authorId: builder.id, body: "Where we stand" } });
  const round = await d.judgedRound.create({
    data: { debateId: fx.id, number: 1, title: "R", rubric: "r", openedById: fx.owner.id, openedAt: new Date(Date.now() - 60_000), deadline: new Date(), judges: { create: [{ userId: mod.id }] } },
  });
  await d.roundVerdict.create({ data: { roundId: round.id, nodeId: patch.id, judgeId: mod.id, verdict: "HOLDS", reason: "holds" } });
  const nodeIds = (await d.node.findMany({ where: { debateId: fx.id }, select: { id: true } })).map((n) => n.id);
  return { fx, nodeIds };
}

describe("deleting a debate", () => {
  it("removes every row of the debate in every table, answers 404 afterwards, and leaves other debates as they were", async () => {
    const { fx, nodeIds } = await fullDebate();
    const other = await fullDebate();
    const before = await rowsOfDebate(fx.id, nodeIds);
    // The seeding reaches every table, so "0 after" means something.
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);
    const otherBefore = await rowsOfDebate(other.fx.id, other.nodeIds);

    expect(await deleteDebate(fx.owner, fx.id)).toEqual({ notified: 3 });

    const after = await rowsOfDebate(fx.id, nodeIds);
    // Only the deletion notices still name the debate (one per other member).
    expect(after).toEqual(Object.fromEntries(Object.keys(before).map((k) => [k, k === "Notification.debateId" ? 3 : 0])));
    expect(await d.notification.count({ where: { debateId: fx.id, NOT: { type: "debate.deleted" } } })).toBe(0);
    expect(await rowsOfDebate(other.fx.id, other.nodeIds)).toEqual(otherBefore);
    for (const who of [fx.owner, fx.members.builder, null]) expect(await outcomeOf(() => getDebate(who, fx.id))).toBe("NOT_FOUND");
    expect(await outcomeOf(() => deleteDebate(fx.owner, fx.id))).toBe("NOT_FOUND");
    // Users and their other data are untouched.
    expect(await d.user.count({ where: { id: { in: [fx.owner.id, fx.members.builder.id] } } })).toBe(2);
  });

  it("every other member is notified with the title as it was; the owner is not", async () => {
    const fx = await fixture({ title: "A debate that ends" });
    await deleteDebate(fx.owner, fx.id);
    for (const member of [fx.members.builder, fx.members.breaker, fx.members.mod]) {
      const { notifications } = await listNotifications(member, { limit: 10 });
      expect(notifications).toEqual([expect.objectContaining({ type: "debate.deleted", debateTitle: "A debate that ends", href: "/", message: expect.stringContaining("A debate that ends") })]);
    }
    expect((await listNotifications(fx.owner, { limit: 10 })).notifications).toEqual([]);
  });

  it("a delete racing a transfer: one of them wins and the state is consistent", async () => {
    const fx = await fixture();
    const [deleted, transferred] = await race(() => deleteDebate(fx.owner, fx.id), () => transferOwnership(fx.owner, fx.id, fx.members.builder.id));
    const exists = (await d.debate.count({ where: { id: fx.id } })) === 1;
    if (deleted === "ok") {
      expect(exists).toBe(false);
      expect(["NOT_FOUND", "CONFLICT"]).toContain(transferred);
    } else {
      expect(transferred).toBe("ok");
      expect(exists).toBe(true);
      expect(["FORBIDDEN", "CONFLICT"]).toContain(deleted);
    }
  });
});

describe("deleting an account", () => {
  async function member(fx: Fx, password?: string) {
    const user = await createUser(d, { password, email: `gone_${uniqueSuffix()}@example.com`, displayName: "Soon Gone" });
    await d.membership.create({ data: { debateId: fx.id, userId: user.id, side: "BREAKER" } });
    return user;
  }

  it("password accounts confirm with the right password; nothing changes otherwise", async () => {
    const fx = await fixture();
    const user = await member(fx, PASSWORD);
    expect((await appErrorOf(() => deleteAccount(user, { removeMoves: false }))).details).toMatchObject({ fieldErrors: { password: [expect.any(String)] } });
    expect((await appErrorOf(() => deleteAccount(user, { password: "wrong password", removeMoves: false }))).code).toBe("VALIDATION");
    expect(await d.user.findUniqueOrThrow({ where: { id: user.id }, select: { username: true, deletedAt: true } })).toEqual({ username: user.username, deletedAt: null });
    expect(await d.membership.count({ where: { userId: user.id } })).toBe(1);
  });

  it("an owner of debates is refused with the debates listed, until they transfer or delete them", async () => {
    const owner = await createUser(d, { password: PASSWORD });
    const a = await fixture({ owner, title: "First owned" });
    const b = await fixture({ owner, title: "Second owned" });
    const error = await appErrorOf(() => deleteAccount(owner, { password: PASSWORD, removeMoves: false }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/“First owned”, “Second owned”.*Transfer ownership/);
    expect(error.details).toEqual({ ownedDebates: [{ id: a.id, title: "First owned" }, { id: b.id, title: "Second owned" }] });
    expect((await d.user.findUniqueOrThrow({ where: { id: owner.id }, select: { deletedAt: true } })).deletedAt).toBeNull();
    await transferOwnership(owner, a.id, a.members.builder.id);
    await deleteDebate(owner, b.id);
    expect(await deleteAccount(owner, { password: PASSWORD, removeMoves: false })).toEqual({ removedMoves: 0 });
    // They were a moderator of the debate they handed on: that membership went with the account.
    expect(await d.membership.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("anonymises the user: no name, email, password, tokens, OAuth links, notifications or memberships; cannot sign in; token refused", async () => {
    const fx = await fixture();
    const user = await member(fx, PASSWORD);
    const token = await createApiToken(user.id, "cli");
    await d.oAuthAccount.create({ data: { userId: user.id, provider: "github", providerAccountId: `gh-${uniqueSuffix()}` } });
    await d.notification.create({ data: { userId: user.id, debateId: fx.id, eventSeq: 1n, type: "reply", message: "m" } });
    const move = await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: user, kind: "COUNTEREXAMPLE", body: "My counterexample stays" });
    await insertNode(d, { debateId: fx.id, parentId: move.id, author: fx.members.builder, kind: "REBUTTAL" });

    await deleteAccount(user, { password: PASSWORD, removeMoves: false });

    const row = await d.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { username: true, displayName: true, email: true, passwordHash: true, deletedAt: true },
    });
    expect(row).toMatchObject({ username: deletedUsername(user.id), displayName: DELETED_USER_NAME, email: null, passwordHash: null, deletedAt: expect.any(Date) });
    for (const count of [
      d.apiToken.count({ where: { userId: user.id } }),
      d.oAuthAccount.count({ where: { userId: user.id } }),
      d.notification.count({ where: { userId: user.id } }),
      d.membership.count({ where: { userId: user.id } }),
    ]) {
      expect(await count).toBe(0);
    }
    expect(await userForToken(token.secret)).toBeNull();
    for (const login of [user.username, row.username, `${user.username}@example.com`]) {
      expect(await outcomeOf(() => authenticate(login, PASSWORD, `10.9.${Math.floor(Math.random() * 250)}.1`))).toBe("UNAUTHENTICATED");
    }
    // Nobody can invite the husk back.
    expect(await outcomeOf(() => inviteMember(fx.owner, fx.id, row.username, "BUILDER"))).toBe("VALIDATION");
    expect(await events(fx.id, "member.left")).toEqual([{ actorId: user.id, payload: { userId: user.id, reason: "account-deleted", removedMoves: 0 } }]);

    // The move stays, by "deleted user", in the tree and the export; the rest of the debate is intact.
    const tree = JSON.parse(await readTreeText(null, fx.id)) as { nodes: { id: string; authorName: string; body?: string }[] };
    expect(tree.nodes.find((n) => n.id === move.id)?.authorName).toBe(DELETED_USER_NAME);
    expect(tree.nodes).toHaveLength(3);
    const exported = await exportJson(null, fx.id);
    expect(exported).toContain("My counterexample stays");
    expect(exported).toMatch(new RegExp(`"displayName":\\s*"${DELETED_USER_NAME}"`));
    expect(exported).not.toContain("Soon Gone");
    expect(exported).not.toContain(user.username);
  });

  it("an account without a password (OAuth only) needs none; a second deletion is NOT_FOUND", async () => {
    const fx = await fixture();
    const user = await member(fx);
    expect(await deleteAccount(user, { removeMoves: false })).toEqual({ removedMoves: 0 });
    expect(await outcomeOf(() => deleteAccount(user, { removeMoves: false }))).toBe("NOT_FOUND");
  });

  it("removeMoves removes only the moves nothing else depends on, and keeps the others as \"deleted user\"", async () => {
    const fx = await fixture();
    const user = await member(fx);
    const other = fx.members.builder;
    const node = (parentId: string, author: Pick<Actor, "id"> = user, kind: "COMMENT" | "COUNTEREXAMPLE" = "COMMENT") =>
      insertNode(d, { debateId: fx.id, parentId, author, kind });
    const lone = await node(fx.rootNodeId);
    const ownChainTop = await node(fx.rootNodeId);
    const ownChainLeaf = await node(ownChainTop.id); // their own reply to their own move: both go
    const answered = await node(fx.rootNodeId);
    const othersReply = await node(answered.id, other);
    const predicted = await node(fx.rootNodeId, user, "COUNTEREXAMPLE");
    await d.prediction.create({ data: { nodeId: predicted.id, userId: other.id, side: "BUILDER", probability: 0.4 } });
    const ownPrediction = await node(fx.rootNodeId, user, "COUNTEREXAMPLE");
    await d.prediction.create({ data: { nodeId: ownPrediction.id, userId: user.id, side: "BREAKER", probability: 0.9 } });
    const patched = await node(fx.rootNodeId, user, "COUNTEREXAMPLE");
    await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: other, kind: "PATCH", answersNodeIds: [patched.id], version: { number: 2, body: "v2" } });
    const duplicated = await node(fx.rootNodeId);
    await d.pruneEvent.create({ data: { debateId: fx.id, nodeId: othersReply.id, actorId: other.id, action: "PRUNE", category: "DUPLICATE", reason: "dup", duplicateOf: duplicated.id } });

    expect(await deleteAccount(user, { removeMoves: true })).toEqual({ removedMoves: 4 });

    const left = new Set((await d.node.findMany({ where: { debateId: fx.id }, select: { id: true } })).map((n) => n.id));
    for (const gone of [lone, ownChainTop, ownChainLeaf, ownPrediction]) expect(left.has(gone.id)).toBe(false);
    for (const kept of [answered, othersReply, predicted, patched, duplicated]) expect(left.has(kept.id)).toBe(true);
    expect(await d.prediction.count({ where: { nodeId: predicted.id } })).toBe(1);
    expect(await events(fx.id, "member.left")).toEqual([{ actorId: user.id, payload: { userId: user.id, reason: "account-deleted", removedMoves: 4 } }]);
    const tree = JSON.parse(await readTreeText(fx.owner, fx.id)) as { nodes: { id: string; authorName: string }[] };
    expect(tree.nodes.find((n) => n.id === answered.id)?.authorName).toBe(DELETED_USER_NAME);
  });

  it("moves in a debate the user had already left are removed too, and that debate hears of it", async () => {
    const fx = await fixture();
    const user = await member(fx);
    const move = await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: user, kind: "COMMENT" });
    await leaveDebate(user, fx.id);
    expect(await deleteAccount(user, { removeMoves: true })).toEqual({ removedMoves: 1 });
    expect(await d.node.count({ where: { id: move.id } })).toBe(0);
    expect(await events(fx.id, "member.left")).toHaveLength(2);
  });
});
