import type { Tx } from "@/lib/db/client";

// In-app notifications, written in the same transaction as the event that causes
// them (called from recordEvent), so an event and its notifications commit together.
// Cases: a reply to my node; a counterexample against my proposal version; my
// branch pruned or reopened; a claim I predicted on resolved. Nobody is notified
// of their own action, and nobody who can no longer read the debate.

export type NotificationType = "reply" | "counterexample" | "branch.pruned" | "branch.reopened" | "claim.resolved";

export interface NotifiableEvent {
  seq: bigint;
  debateId: string;
  actorId: string | null;
  type: string;
  nodeId: string | null;
  payload: Record<string, unknown>;
}

const NOTIFYING_TYPES = new Set(["node.created", "branch.pruned", "branch.reopened", "claim.resolved"]);

export function causesNotifications(type: string): boolean {
  return NOTIFYING_TYPES.has(type);
}

interface Draft {
  userId: string;
  type: NotificationType;
  message: string;
}

const MAX_MESSAGE = 300;

function label(node: { title: string; body: string } | null | undefined): string {
  const text = (node?.title || node?.body || "a node").replace(/\s+/g, " ").trim();
  return `“${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;
}

export async function notifyForEvent(tx: Tx, event: NotifiableEvent): Promise<number> {
  if (!causesNotifications(event.type) || !event.nodeId) return 0;
  const node = await tx.node.findFirst({
    where: { id: event.nodeId, debateId: event.debateId },
    select: {
      id: true,
      kind: true,
      title: true,
      body: true,
      authorId: true,
      targetVersions: true,
      outcome: true,
      parent: { select: { authorId: true, title: true, body: true } },
      debate: { select: { title: true } },
    },
  });
  if (!node) return 0;
  const actor = event.actorId
    ? await tx.user.findUnique({ where: { id: event.actorId }, select: { displayName: true } })
    : null;
  const who = actor?.displayName ?? "Someone";
  const where = `in “${node.debate.title.slice(0, 80)}”`;
  const drafts: Draft[] = [];

  if (event.type === "node.created") {
    // A counterexample notifies the authors of the versions it targets; that
    // notification replaces the plain "reply" for the same person.
    if (node.kind === "COUNTEREXAMPLE" && node.targetVersions.length) {
      const versions = await tx.proposalVersion.findMany({
        where: { debateId: event.debateId, number: { in: node.targetVersions } },
        select: { number: true, authorId: true },
      });
      const byAuthor = new Map<string, number[]>();
      for (const v of versions) byAuthor.set(v.authorId, [...(byAuthor.get(v.authorId) ?? []), v.number]);
      for (const [userId, numbers] of byAuthor) {
        drafts.push({
          userId,
          type: "counterexample",
          message: `${who} posted a counterexample ${label(node)} against your proposal version ${numbers.sort((a, b) => a - b).join(", ")} ${where}`,
        });
      }
    }
    if (node.parent && !drafts.some((d) => d.userId === node.parent!.authorId)) {
      drafts.push({ userId: node.parent.authorId, type: "reply", message: `${who} replied to your node ${label(node.parent)} ${where}` });
    }
  } else if (event.type === "branch.pruned" || event.type === "branch.reopened") {
    const verb = event.type === "branch.pruned" ? "pruned" : "reopened";
    drafts.push({ userId: node.authorId, type: event.type, message: `${who} ${verb} your branch ${label(node)} ${where}` });
  } else if (event.type === "claim.resolved") {
    const predictors = await tx.prediction.findMany({ where: { nodeId: node.id }, select: { userId: true }, distinct: ["userId"] });
    const outcome = typeof event.payload.outcome === "string" ? event.payload.outcome : node.outcome;
    const result = outcome ? ` as ${outcome.toLowerCase()}` : "";
    for (const { userId } of predictors) {
      drafts.push({ userId, type: "claim.resolved", message: `${who} resolved ${label(node)}${result}, a claim you predicted on, ${where}` });
    }
  }

  const recipients = drafts.filter((d) => d.userId !== event.actorId);
  if (!recipients.length) return 0;
  const readers = await readersAmong(tx, event.debateId, recipients.map((d) => d.userId));
  const rows = recipients
    .filter((d) => readers.has(d.userId))
    .map((d) => ({
      userId: d.userId,
      debateId: event.debateId,
      eventSeq: event.seq,
      type: d.type,
      nodeId: event.nodeId,
      message: d.message.slice(0, MAX_MESSAGE),
    }));
  if (!rows.length) return 0;
  await tx.notification.createMany({ data: rows });
  return rows.length;
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
