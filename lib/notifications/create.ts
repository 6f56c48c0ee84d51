import type { Tx } from "@/lib/db/client";

// In-app notifications, written in the same transaction as the event that causes
// them (recordEvent, or a move's single statement), so an event and its
// notifications commit together.
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

// node.created notifications are drafted by draftMoveNotifications and written by the
// move's own statement (lib/debate/nodes.ts); the others go through notifyForEvent.
const NOTIFYING_TYPES = new Set(["branch.pruned", "branch.reopened", "claim.resolved"]);

export function causesNotifications(type: string): boolean {
  return NOTIFYING_TYPES.has(type);
}

export interface Draft {
  userId: string;
  type: NotificationType;
  message: string;
}

const MAX_MESSAGE = 300;

function label(node: { title: string; body: string } | null | undefined): string {
  const text = (node?.title || node?.body || "a node").replace(/\s+/g, " ").trim();
  return `“${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;
}

export interface MoveNotificationInput {
  actor: { id: string; displayName: string };
  debate: { title: string; visibility: string; ownerId: string };
  node: { kind: string; title: string; body: string; targetVersions: readonly number[] };
  parent: { authorId: string; title: string; body: string } | null;
  /** Authors of the proposal versions (for counterexamples). */
  versions: readonly { number: number; authorId: string }[];
  /** Which of the possible recipients are members (they can still read a private debate). */
  memberIds: ReadonlySet<string>;
}

/**
 * Who hears of a new move: the authors of the versions a counterexample targets
 * ("counterexample", which replaces the plain "reply" for the same person), else
 * the parent's author ("reply"). Never the actor; never someone who can no longer
 * read the debate. Pure: the move reads what it needs in the same query as its
 * permissions and writes the rows in the same statement as the node.
 */
export function draftMoveNotifications(input: MoveNotificationInput): Draft[] {
  const { actor, debate, node, parent } = input;
  const who = actor.displayName;
  const where = `in “${debate.title.slice(0, 80)}”`;
  const drafts: Draft[] = [];
  if (node.kind === "COUNTEREXAMPLE" && node.targetVersions.length) {
    const byAuthor = new Map<string, number[]>();
    for (const v of input.versions) {
      if (node.targetVersions.includes(v.number)) byAuthor.set(v.authorId, [...(byAuthor.get(v.authorId) ?? []), v.number]);
    }
    for (const [userId, numbers] of byAuthor) {
      drafts.push({
        userId,
        type: "counterexample",
        message: `${who} posted a counterexample ${label(node)} against your proposal version ${numbers.sort((a, b) => a - b).join(", ")} ${where}`,
      });
    }
  }
  if (parent && !drafts.some((d) => d.userId === parent.authorId)) {
    drafts.push({ userId: parent.authorId, type: "reply", message: `${who} replied to your node ${label(parent)} ${where}` });
  }
  const canRead = (userId: string) => debate.visibility !== "PRIVATE" || userId === debate.ownerId || input.memberIds.has(userId);
  return drafts
    .filter((d) => d.userId !== actor.id && canRead(d.userId))
    .map((d) => ({ ...d, message: d.message.slice(0, MAX_MESSAGE) }));
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
      outcome: true,
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

  if (event.type === "branch.pruned" || event.type === "branch.reopened") {
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
