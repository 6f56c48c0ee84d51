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
  // One round trip: append the event, bump lastMoveAt (at most once a second, so
  // concurrent writers do not queue on the debate row) and notify on commit.
  const rows = await tx.$queryRaw<{ seq: bigint }[]>`
    WITH event AS (
      INSERT INTO "DebateEvent" ("debateId", "actorId", "type", "nodeId", "payload", "createdAt")
      VALUES (${input.debateId}, ${input.actorId}, ${input.type}, ${input.nodeId ?? null},
              ${JSON.stringify(input.payload ?? {})}::jsonb, now() AT TIME ZONE 'UTC')
      RETURNING "seq"
    ), touched AS (
      UPDATE "Debate" SET "lastMoveAt" = now() AT TIME ZONE 'UTC'
      WHERE "id" = ${input.debateId} AND "lastMoveAt" < (now() AT TIME ZONE 'UTC') - interval '1 second'
      RETURNING 1
    )
    SELECT event."seq" FROM event
    CROSS JOIN LATERAL (
      SELECT pg_notify(${EVENT_CHANNEL}, json_build_object('debateId', ${input.debateId}::text, 'seq', event."seq"::text)::text)
    ) AS notified`;
  const seq = rows[0]!.seq;
  if (causesNotifications(input.type)) {
    await notifyForEvent(tx, { ...input, nodeId: input.nodeId ?? null, payload: input.payload ?? {}, seq });
  }
  return seq;
}
