import "server-only";
import type { Tx } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

// The event log's statements (lib/server/events/record.ts decides what an event is).

export const EVENT_CHANNEL = "debate_events";

export interface EventRowInput {
  debateId: string;
  actorId: string | null;
  type: string;
  /** Moves bump Debate.lastMoveAt (the stuck signal's clock); membership and settings changes do not. */
  bumpsLastMove: boolean;
}

/**
 * The CTEs `event` (appends one event, RETURNING "seq") and, for moves, `touched`
 * (bumps lastMoveAt at most once a second, so concurrent writers do not queue on
 * the debate row). nodeId and payload are SQL so a statement can take them from
 * its own earlier CTEs (a move takes the node id and version number it inserts).
 */
export function eventCtes(input: EventRowInput & { nodeId: Prisma.Sql; payload: Prisma.Sql }): Prisma.Sql {
  return Prisma.sql`
    event AS (
      INSERT INTO "DebateEvent" ("debateId", "actorId", "type", "nodeId", "payload", "createdAt")
      VALUES (${input.debateId}, ${input.actorId}, ${input.type}, ${input.nodeId}, ${input.payload}, now() AT TIME ZONE 'UTC')
      RETURNING "seq"
    )${input.bumpsLastMove
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

/** Appends one event in one round trip with the lastMoveAt bump and the notify; returns its seq. */
export async function insertEvent(
  tx: Tx,
  input: EventRowInput & { nodeId?: string | null; payload?: Record<string, unknown> },
): Promise<bigint> {
  const rows = await tx.$queryRaw<{ seq: bigint }[]>`
    WITH ${eventCtes({
      ...input,
      nodeId: Prisma.sql`${input.nodeId ?? null}`,
      payload: Prisma.sql`${JSON.stringify(input.payload ?? {})}::jsonb`,
    })}
    SELECT event."seq" FROM event ${notifyListenersSql(input.debateId)}`;
  return rows[0]!.seq;
}
