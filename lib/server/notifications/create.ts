import "server-only";
import type { Tx } from "@/lib/server/db/client";
import { causesNotifications, draftEventNotifications, needsEventNode } from "@/lib/domain/notifications/drafts";

// In-app notifications, written in the same transaction as the event that causes
// them (recordEvent, or a move's single statement), so an event and its
// notifications commit together. Who hears what, and the wording, is drafted by the
// pure rules in lib/domain/notifications/drafts.ts.

export interface NotifiableEvent {
  seq: bigint;
  debateId: string;
  actorId: string | null;
  type: string;
  nodeId: string | null;
  payload: Record<string, unknown>;
}

export async function notifyForEvent(tx: Tx, event: NotifiableEvent): Promise<number> {
  if (!causesNotifications(event.type)) return 0;
  if (event.type === "member.joined" && !event.payload.invitedBy) return 0;
  const needsNode = needsEventNode(event.type);
  if (needsNode && !event.nodeId) return 0;
  const [debate, node, actor] = await Promise.all([
    tx.debate.findUnique({ where: { id: event.debateId }, select: { title: true } }),
    needsNode
      ? tx.node.findFirst({ where: { id: event.nodeId!, debateId: event.debateId }, select: { id: true, title: true, body: true, authorId: true, outcome: true } })
      : null,
    event.actorId ? tx.user.findUnique({ where: { id: event.actorId }, select: { displayName: true } }) : null,
  ]);
  if (!debate || (needsNode && !node)) return 0;
  const prunerId =
    event.type === "branch.reopened"
      ? ((await tx.pruneEvent.findFirst({ where: { nodeId: node!.id, action: "PRUNE" }, orderBy: { createdAt: "desc" }, select: { actorId: true } }))?.actorId ?? null)
      : null;
  const predictorIds =
    event.type === "claim.resolved"
      ? (await tx.prediction.findMany({ where: { nodeId: node!.id }, select: { userId: true }, distinct: ["userId"] })).map((p) => p.userId)
      : [];
  const classNodeIds =
    event.type === "class.deleted"
      ? [...strings(event.payload.memberIds), ...strings(event.payload.answeredByPatchIds)]
      : [];
  const classNodes = classNodeIds.length
    ? await tx.node.findMany({ where: { id: { in: classNodeIds }, debateId: event.debateId }, select: { id: true, title: true, body: true, authorId: true } })
    : [];
  const playerIds =
    event.type === "debate.standing-rule-changed"
      ? (await tx.membership.findMany({ where: { debateId: event.debateId, side: { in: ["BUILDER", "BREAKER"] } }, select: { userId: true } })).map((m) => m.userId)
      : [];
  const drafts = draftEventNotifications({
    type: event.type,
    actor: { id: event.actorId, displayName: actor?.displayName ?? "Someone" },
    debateTitle: debate.title,
    node,
    payload: event.payload,
    prunerId,
    predictorIds,
    classNodes,
    playerIds,
  });
  if (!drafts.length) return 0;
  const readers = await readersAmong(tx, event.debateId, drafts.map((d) => d.userId));
  const rows = drafts
    .filter((d) => readers.has(d.userId))
    .map((d) => ({ ...d, debateId: event.debateId, eventSeq: event.seq, nodeId: event.nodeId, debateTitle: debate.title }));
  if (!rows.length) return 0;
  await tx.notification.createMany({ data: rows });
  return rows.length;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Of these users, who may still read the debate (anyone for public/unlisted; members and the owner for private). */
async function readersAmong(tx: Tx, debateId: string, userIds: string[]): Promise<Set<string>> {
  const debate = await tx.debate.findUnique({
    where: { id: debateId },
    select: { visibility: true, ownerId: true, memberships: { where: { userId: { in: userIds } }, select: { userId: true } } },
  });
  if (!debate) return new Set();
  if (debate.visibility !== "PRIVATE") return new Set(userIds);
  return new Set([debate.ownerId, ...debate.memberships.map((m) => m.userId)].filter((id) => userIds.includes(id)));
}
