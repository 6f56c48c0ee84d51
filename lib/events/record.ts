import type { Tx } from "@/lib/db/client";
import { causesNotifications, notifyForEvent } from "@/lib/notifications/create";

export type EventType =
  | "debate.created"
  | "debate.updated"
  | "member.joined"
  | "member.side-changed"
  | "member.removed"
  | "member.role-changed"
  | "node.created"
  | "node.edited"
  | "node.retracted"
  | "node.accepted"
  | "branch.pruned"
  | "branch.reopened"
  | "claim.mode-changed"
  | "experiment.updated"
  | "prediction.created"
  | "claim.resolved"
  | "claim.disputed"
  | "claim.reopened"
  | "crux.marked"
  | "crux.unmarked";

export interface EventInput {
  debateId: string;
  actorId: string | null;
  type: EventType;
  nodeId?: string | null;
  payload?: Record<string, unknown>;
}

export const EVENT_CHANNEL = "debate_events";

/**
 * Appends to the debate's event log inside the caller's transaction, writes the
 * in-app notifications it causes (same transaction), and notifies listeners on
 * commit (pg_notify is transactional in PostgreSQL and PGlite).
 */
export async function recordEvent(tx: Tx, input: EventInput): Promise<bigint> {
  const event = await tx.debateEvent.create({
    data: {
      debateId: input.debateId,
      actorId: input.actorId,
      type: input.type,
      nodeId: input.nodeId ?? null,
      payload: (input.payload ?? {}) as object,
    },
    select: { seq: true },
  });
  if (causesNotifications(input.type)) {
    await notifyForEvent(tx, { ...input, nodeId: input.nodeId ?? null, payload: input.payload ?? {}, seq: event.seq });
  }
  const message = JSON.stringify({ debateId: input.debateId, seq: event.seq.toString() });
  await tx.$executeRaw`SELECT pg_notify(${EVENT_CHANNEL}, ${message})`;
  await tx.debate.update({ where: { id: input.debateId }, data: { lastMoveAt: new Date() }, select: { id: true } });
  return event.seq;
}
