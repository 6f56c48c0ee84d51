import "server-only";
import type { Tx } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { notifyForEvent } from "@/lib/server/notifications/create";
import { causesNotifications } from "@/lib/domain/notifications/drafts";

export type EventType =
  | "debate.created"
  | "debate.updated"
  | "debate.invite-rotated"
  | "member.joined"
  | "member.side-changed"
  | "member.removed"
  | "member.role-changed"
  | "member.left"
  | "debate.ownership-transferred"
  | "node.created"
  | "node.edited"
  | "node.retracted"
  | "node.accepted"
  | "branch.pruned"
  | "branch.reopened"
  | "branch.estimated"
  | "claim.mode-changed"
  | "experiment.updated"
  | "prediction.created"
  | "claim.resolved"
  | "claim.disputed"
  | "claim.reopened"
  | "crux.marked"
  | "crux.unmarked"
  | "crux.estimated"
  | "crux.confirmed"
  | "crux.revised"
  | "crux.follow-up-requested"
  | "summary.created"
  | "summary.edited"
  | "summary.endorsed"
  | "summary.unendorsed";

export interface EventInput {
  debateId: string;
  actorId: string | null;
  type: EventType;
  nodeId?: string | null;
  payload?: Record<string, unknown>;
}

export const EVENT_CHANNEL = "debate_events";

// Membership and settings changes are not moves: they must not reset the idle
// clock behind the stuck signal (a debate nobody argues in is stuck, whoever joins).
const NOT_MOVES: ReadonlySet<EventType> = new Set([
  "debate.created",
  "debate.updated",
  "debate.invite-rotated",
  // An estimate says how promising a branch looks; it is not a move in the argument.
  "branch.estimated",
  "member.joined",
  "member.side-changed",
  "member.removed",
  "member.role-changed",
  "member.left",
  "debate.ownership-transferred",
]);

/** Whether an event counts as activity in the argument (bumps Debate.lastMoveAt). */
export function isMove(type: EventType): boolean {
  return !NOT_MOVES.has(type);
}

/**
 * The CTEs `event` (appends one event, RETURNING "seq") and, for moves, `touched`
 * (bumps lastMoveAt at most once a second, so concurrent writers do not queue on
 * the debate row). nodeId and payload are SQL so a statement can take them from
 * its own earlier CTEs (a move takes the node id and version number it inserts).
 */
export function eventCtes(input: { debateId: string; actorId: string | null; type: EventType; nodeId: Prisma.Sql; payload: Prisma.Sql }): Prisma.Sql {
  return Prisma.sql`
    event AS (
      INSERT INTO "DebateEvent" ("debateId", "actorId", "type", "nodeId", "payload", "createdAt")
      VALUES (${input.debateId}, ${input.actorId}, ${input.type}, ${input.nodeId}, ${input.payload}, now() AT TIME ZONE 'UTC')
      RETURNING "seq"
    )${isMove(input.type)
      ? Prisma.sql`, touched AS (
      UPDATE "Debate" SET "lastMoveAt" = now() AT TIME ZONE 'UTC'
      WHERE "id" = ${input.debateId} AND "lastMoveAt" < (now() AT TIME ZONE 'UTC') - interval '1 second'
      RETURNING 1
    )`
      : Prisma.empty}`;
}

/** Joined to the `event` CTE: tells listeners on commit (pg_notify is transactional in PostgreSQL and PGlite). */
export function notifyListenersSql(debateId: string): Prisma.Sql {
  return Prisma.sql`CROSS JOIN LATERAL (
      SELECT pg_notify(${EVENT_CHANNEL}, json_build_object('debateId', ${debateId}::text, 'seq', event."seq"::text)::text)
    ) AS notified`;
}

/**
 * Appends to the debate's event log inside the caller's transaction, in one
 * round trip with the lastMoveAt bump and the notify, then writes the in-app
 * notifications it causes (same transaction). Moves write their event in their
 * own statement (lib/server/debate/nodes.ts) with the same CTEs.
 */
export async function recordEvent(tx: Tx, input: EventInput): Promise<bigint> {
  const rows = await tx.$queryRaw<{ seq: bigint }[]>`
    WITH ${eventCtes({
      debateId: input.debateId,
      actorId: input.actorId,
      type: input.type,
      nodeId: Prisma.sql`${input.nodeId ?? null}`,
      payload: Prisma.sql`${JSON.stringify(input.payload ?? {})}::jsonb`,
    })}
    SELECT event."seq" FROM event ${notifyListenersSql(input.debateId)}`;
  const seq = rows[0]!.seq;
  if (causesNotifications(input.type)) {
    await notifyForEvent(tx, { ...input, nodeId: input.nodeId ?? null, payload: input.payload ?? {}, seq });
  }
  return seq;
}
