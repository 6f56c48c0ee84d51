import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { AppError, notFound, unauthenticated } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { loadAccess, permissionContext, requireAccess } from "@/lib/server/debate/access";
import { publishedDebate } from "@/lib/server/debate/published";
import { assertCan, can, decide, type Action } from "@/lib/domain/debate/permissions";
import type { CreateDebateInput, UpdateDebateInput } from "@/lib/domain/debate/validation";
import type { Side } from "@/lib/domain/vocabulary";
import { storedLinks } from "@/lib/contracts/common";
import type { Invitation } from "@/lib/contracts/debates";

export const newInviteCode = () => randomBytes(12).toString("base64url");

/** Whether `given` is the debate's invite code (compared in constant time). */
export function inviteMatches(actual: string, given: string | null | undefined): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(actual);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function createDebate(actor: Actor, input: CreateDebateInput) {
  return db().$transaction(async (tx) => {
    const debate = await tx.debate.create({
      data: {
        title: input.title,
        context: input.context,
        links: input.links,
        visibility: input.visibility,
        playMode: input.playMode,
        ownerId: actor.id,
        inviteCode: newInviteCode(),
        memberships: { create: { userId: actor.id, role: "OWNER", side: input.side } },
        roleChanges: { create: { userId: actor.id, fromSide: null, toSide: input.side } },
      },
      select: { id: true },
    });
    const root = await tx.node.create({
      data: {
        debateId: debate.id,
        kind: "PROPOSAL",
        side: input.side === "OBSERVER" ? "BUILDER" : input.side,
        authorId: actor.id,
        title: input.title,
        body: input.proposal,
        version: { create: { debateId: debate.id, number: 1, body: input.proposal, authorId: actor.id } },
      },
      select: { id: true },
    });
    await tx.debate.update({ where: { id: debate.id }, data: { rootNodeId: root.id } });
    await recordEvent(tx, { debateId: debate.id, actorId: actor.id, type: "debate.created", nodeId: root.id });
    return { id: debate.id, rootNodeId: root.id };
  });
}

export async function getDebate(actor: Actor | null, debateId: string) {
  const access = await requireAccess(debateId, actor, "debate:read");
  const debate = await db().debate.findUniqueOrThrow({
    where: { id: debateId },
    select: {
      id: true,
      title: true,
      context: true,
      links: true,
      visibility: true,
      playMode: true,
      rootNodeId: true,
      createdAt: true,
      lastMoveAt: true,
      stuckAfterDays: true,
      brokenRule: true,
      brokenThreshold: true,
      owner: { select: { id: true, username: true, displayName: true } },
      versions: { select: { number: true, nodeId: true, createdAt: true, authorId: true }, orderBy: { number: "asc" } },
      _count: { select: { nodes: true, memberships: true } },
    },
  });
  // Whoever may invite sees the code: the owner by Debate.ownerId (with or without a
  // membership row) and moderators; a stale OWNER membership row grants nothing.
  const canManage = can("member:invite", permissionContext(access));
  return {
    ...debate,
    links: storedLinks(debate.links),
    inviteCode: canManage ? access.debate.inviteCode : undefined,
    me: access.membership,
  };
}

export async function listDebates(actor: Actor | null, scope: "public" | "mine" | "joined", q?: string, limit = 50) {
  if (scope !== "public" && !actor) throw new AppError("UNAUTHENTICATED", "Sign in to see your debates");
  const where =
    scope === "public"
      ? { visibility: "PUBLIC" as const }
      : scope === "mine"
        ? { ownerId: actor!.id }
        : { memberships: { some: { userId: actor!.id } }, NOT: { ownerId: actor!.id } };
  const search = q ? { OR: [{ title: { contains: q, mode: "insensitive" as const } }, { context: { contains: q, mode: "insensitive" as const } }] } : {};
  return db().debate.findMany({
    where: { ...where, ...search, ...publishedDebate },
    select: {
      id: true,
      title: true,
      visibility: true,
      playMode: true,
      createdAt: true,
      lastMoveAt: true,
      owner: { select: { username: true, displayName: true } },
      _count: { select: { nodes: true, memberships: true } },
    },
    orderBy: { lastMoveAt: "desc" },
    take: limit,
  });
}

/**
 * The stuck threshold is the owner's and the moderators' (debate:set-stuck-threshold);
 * every other setting, and an empty change, is the owner's alone (debate:update-settings).
 */
export function settingsActions(input: UpdateDebateInput): Action[] {
  const fields = Object.keys(input).filter((k) => input[k as keyof UpdateDebateInput] !== undefined);
  const actions: Action[] = [];
  if (fields.length === 0 || fields.some((f) => f !== "stuckAfterDays")) actions.push("debate:update-settings");
  if (fields.includes("stuckAfterDays")) actions.push("debate:set-stuck-threshold");
  return actions;
}

export async function updateDebate(actor: Actor, debateId: string, input: UpdateDebateInput) {
  const access = await requireAccess(debateId, actor, "debate:read");
  for (const action of settingsActions(input)) assertCan(action, permissionContext(access));
  return db().$transaction(async (tx) => {
    const updated = await tx.debate.update({
      where: { id: debateId },
      data: input,
      select: { id: true, title: true, context: true, links: true, visibility: true, playMode: true, stuckAfterDays: true },
    });
    if (input.title) {
      await tx.node.updateMany({ where: { debateId, kind: "PROPOSAL", parentId: null }, data: { title: input.title } });
    }
    await recordEvent(tx, { debateId, actorId: actor.id, type: "debate.updated", payload: { fields: Object.keys(input) } });
    return { ...updated, links: storedLinks(updated.links) };
  });
}

export async function joinDebate(actor: Actor, debateId: string, side: Side, inviteCode?: string) {
  const access = await loadAccess(debateId, actor);
  const hasInvite = inviteMatches(access.debate.inviteCode, inviteCode);
  if (access.membership) throw new AppError("CONFLICT", "You are already a member of this debate");
  assertCan("debate:join", permissionContext(access, { hasInvite }));
  return db().$transaction(async (tx) => {
    const membership = await tx.membership.create({
      data: { debateId, userId: actor.id, side },
      select: { role: true, side: true },
    });
    await tx.roleChange.create({ data: { debateId, userId: actor.id, fromSide: null, toSide: side } });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "member.joined", payload: { side } });
    return membership;
  });
}

/**
 * What an invite link shows before joining: the debate's title and owner. Only a valid
 * code reveals a private debate; a wrong one is the same NOT_FOUND as an unknown id, so
 * ids cannot be probed (the join rule of lib/domain/debate/permissions.ts decides both).
 */
export async function getInvitation(actor: Actor | null, debateId: string, inviteCode: string): Promise<Invitation> {
  const access = await loadAccess(debateId, actor);
  const decision = decide("debate:join", permissionContext(access, { hasInvite: inviteMatches(access.debate.inviteCode, inviteCode) }));
  if (!decision.allowed && decision.code === "NOT_FOUND") throw notFound("No such debate");
  const owner = await db().user.findUniqueOrThrow({ where: { id: access.debate.ownerId }, select: { username: true, displayName: true } });
  return {
    id: access.debate.id,
    title: access.debate.title,
    visibility: access.debate.visibility,
    owner,
    signedIn: access.userId !== null,
  };
}

export async function switchSide(actor: Actor, debateId: string, side: Side) {
  const access = await requireAccess(debateId, actor, "debate:read");
  if (!access.userId) throw unauthenticated("Sign in and join the debate to choose a side");
  // The owner is a member even without a membership row (on the observer side).
  const isOwner = access.userId === access.debate.ownerId;
  const from = access.membership?.side ?? (isOwner ? ("OBSERVER" as const) : null);
  if (!from) throw new AppError("FORBIDDEN", "Join the debate before choosing a side");
  if (from === side) return access.membership ?? { role: "OWNER" as const, side };
  return db().$transaction(async (tx) => {
    const membership = await tx.membership.upsert({
      where: { debateId_userId: { debateId, userId: access.userId! } },
      create: { debateId, userId: access.userId!, role: "OWNER", side },
      update: { side },
      select: { role: true, side: true },
    });
    await tx.roleChange.create({ data: { debateId, userId: access.userId!, fromSide: from, toSide: side } });
    await recordEvent(tx, { debateId, actorId: access.userId, type: "member.side-changed", payload: { from, to: side } });
    return membership;
  });
}

export async function listMembers(actor: Actor | null, debateId: string) {
  await requireAccess(debateId, actor, "debate:read");
  const [members, roleChanges] = await Promise.all([
    db().membership.findMany({
      where: { debateId },
      select: { role: true, side: true, joinedAt: true, user: { select: { id: true, username: true, displayName: true } } },
      orderBy: { joinedAt: "asc" },
    }),
    db().roleChange.findMany({
      where: { debateId },
      select: { userId: true, fromSide: true, toSide: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return { members, roleChanges };
}

export async function inviteMember(actor: Actor, debateId: string, username: string, side: Side) {
  await requireAccess(debateId, actor, "member:invite");
  const user = await db().user.findFirst({ where: { username: { equals: username, mode: "insensitive" }, deletedAt: null }, select: { id: true } });
  if (!user) throw new AppError("VALIDATION", "No user with that username", { details: { fieldErrors: { username: ["No user with that username"] } } });
  return db().$transaction(async (tx) => {
    const existing = await tx.membership.findUnique({ where: { debateId_userId: { debateId, userId: user.id } }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", "That user is already a member");
    const membership = await tx.membership.create({ data: { debateId, userId: user.id, side }, select: { role: true, side: true, userId: true } });
    await tx.roleChange.create({ data: { debateId, userId: user.id, fromSide: null, toSide: side } });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "member.joined", payload: { userId: user.id, side, invitedBy: actor.id } });
    return membership;
  });
}

export async function removeMember(actor: Actor, debateId: string, userId: string) {
  const access = await requireAccess(debateId, actor, "member:remove");
  if (userId === access.debate.ownerId) throw new AppError("BAD_REQUEST", "The owner cannot be removed");
  return db().$transaction(async (tx) => {
    const { count } = await tx.membership.deleteMany({ where: { debateId, userId } });
    if (count === 0) throw notFound("No such member");
    // A removed member may know the invite code (a moderator sees it): a new one keeps
    // them out of a private debate; the debate page shows the new link.
    await tx.debate.update({ where: { id: debateId }, data: { inviteCode: newInviteCode() } });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "member.removed", payload: { userId } });
  });
}

export async function setMemberRole(actor: Actor, debateId: string, userId: string, role: "MODERATOR" | "MEMBER") {
  const access = await requireAccess(debateId, actor, "member:set-role");
  if (userId === access.debate.ownerId) throw new AppError("BAD_REQUEST", "The owner's role cannot change");
  return db().$transaction(async (tx) => {
    const { count } = await tx.membership.updateMany({ where: { debateId, userId }, data: { role } });
    if (count === 0) throw notFound("No such member");
    await recordEvent(tx, { debateId, actorId: actor.id, type: "member.role-changed", payload: { userId, role } });
  });
}

export async function rotateInviteCode(actor: Actor, debateId: string) {
  await requireAccess(debateId, actor, "member:invite");
  return db().$transaction(async (tx) => {
    const debate = await tx.debate.update({ where: { id: debateId }, data: { inviteCode: newInviteCode() }, select: { inviteCode: true } });
    // Who rotated it and when, for the activity log; never the code itself (the stream reaches every viewer).
    await recordEvent(tx, { debateId, actorId: actor.id, type: "debate.invite-rotated" });
    return debate;
  });
}
