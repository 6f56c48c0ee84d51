// The life of a debate beyond its moves: a member leaves, the owner hands the
// debate on, the owner deletes it. docs/permissions.md has the rules.

import "server-only";
import type { Actor } from "@/lib/domain/actor";
import { db, type Tx } from "@/lib/server/db/client";
import { requireAccess } from "@/lib/server/debate/access";
import { AppError, badRequest, conflict, notFound } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { lockDebateRow } from "@/lib/server/queries/locks";
import { debateDeletedMessage, ownershipTransferredMessage } from "@/lib/domain/notifications/drafts";

const OWNER_CANNOT_LEAVE =
  "The owner cannot leave the debate; transfer ownership to another member first, or delete the debate";

/**
 * Locks the debate row for the rest of the transaction: leaving, transferring and
 * deleting all start here, so two of them on one debate run one after the other
 * and each re-reads the owner the previous one left.
 */
async function lockDebate(tx: Tx, debateId: string): Promise<{ ownerId: string; title: string }> {
  const debate = await lockDebateRow(tx, debateId);
  if (!debate) throw notFound("No such debate");
  return debate;
}

/** A member leaves: their membership goes, their moves stay. The owner must transfer first. */
export async function leaveDebate(actor: Actor, debateId: string): Promise<void> {
  await requireAccess(debateId, actor, "debate:leave");
  await db().$transaction(async (tx) => {
    const debate = await lockDebate(tx, debateId);
    // A transfer to this member may have committed since the check above.
    if (debate.ownerId === actor.id) throw new AppError("FORBIDDEN", OWNER_CANNOT_LEAVE, { details: { action: "debate:leave" } });
    const { count } = await tx.membership.deleteMany({ where: { debateId, userId: actor.id } });
    if (count === 0) throw conflict("You are no longer a member of this debate");
    // Same shape as member.removed: open live streams of this user on the debate end (lib/server/live/stream.ts).
    await recordEvent(tx, { debateId, actorId: actor.id, type: "member.left", payload: { userId: actor.id } });
  });
}

/**
 * The owner hands the debate to another current member, who becomes owner (and is
 * notified); the old owner stays as a moderator. Two transfers at once: the second
 * waits for the first's lock, sees the owner changed and fails with CONFLICT.
 */
export async function transferOwnership(actor: Actor, debateId: string, toUserId: string): Promise<{ ownerId: string }> {
  await requireAccess(debateId, actor, "debate:transfer-ownership");
  if (toUserId === actor.id) throw badRequest("You already own this debate; choose another member");
  return db().$transaction(async (tx) => {
    const debate = await lockDebate(tx, debateId);
    if (debate.ownerId !== actor.id) throw conflict("The debate's ownership changed meanwhile; reload the page");
    const key = (userId: string) => ({ debateId_userId: { debateId, userId } });
    const target = await tx.membership.findUnique({ where: key(toUserId), select: { id: true } });
    if (!target) throw notFound("No such member: ownership can only go to a current member of the debate");
    await tx.debate.update({ where: { id: debateId }, data: { ownerId: toUserId } });
    await tx.membership.update({ where: key(toUserId), data: { role: "OWNER" } });
    // The old owner may have had no membership row (then they were on the observer side).
    await tx.membership.upsert({
      where: key(actor.id),
      create: { debateId, userId: actor.id, role: "MODERATOR", side: "OBSERVER" },
      update: { role: "MODERATOR" },
      select: { id: true },
    });
    const seq = await recordEvent(tx, {
      debateId,
      actorId: actor.id,
      type: "debate.ownership-transferred",
      payload: { userId: toUserId, from: actor.id },
    });
    await tx.notification.create({
      data: {
        userId: toUserId,
        debateId,
        eventSeq: seq,
        type: "ownership.transferred",
        message: ownershipTransferredMessage(actor.displayName, debate.title),
        debateTitle: debate.title,
      },
    });
    return { ownerId: toUserId };
  });
}

/**
 * Deletes the debate and every row of it in one transaction (the foreign keys
 * cascade from Debate and Node; notifications have no key and go explicitly).
 * Every other member is told, with the title as it was; those notices are the
 * only rows that still name the debate's id afterwards.
 */
export async function deleteDebate(actor: Actor, debateId: string): Promise<{ notified: number }> {
  await requireAccess(debateId, actor, "debate:delete");
  return db().$transaction(async (tx) => {
    const debate = await lockDebate(tx, debateId);
    if (debate.ownerId !== actor.id) throw conflict("The debate's ownership changed meanwhile; reload the page");
    const members = await tx.membership.findMany({ where: { debateId, userId: { not: actor.id } }, select: { userId: true } });
    await tx.notification.deleteMany({ where: { debateId } });
    await tx.debate.delete({ where: { id: debateId } });
    const message = debateDeletedMessage(actor.displayName, debate.title);
    await tx.notification.createMany({
      data: members.map((m) => ({ userId: m.userId, debateId, eventSeq: 0n, type: "debate.deleted", message, debateTitle: debate.title })),
    });
    return { notified: members.length };
  });
}
