import "server-only";
import type { Tx } from "@/lib/server/db/client";

// Row locks that serialise a service's check-then-write inside its transaction
// (SELECT … FOR UPDATE: held until the transaction ends).

/** Locks a debate row; null when there is no such debate. */
export async function lockDebateRow(tx: Tx, debateId: string): Promise<{ ownerId: string; title: string } | null> {
  const rows = await tx.$queryRaw<{ ownerId: string; title: string }[]>`
    SELECT "ownerId", "title" FROM "Debate" WHERE "id" = ${debateId} FOR UPDATE`;
  return rows[0] ?? null;
}

/** Locks a node row of a debate; false when the debate has no such node. */
export async function lockNodeRow(tx: Tx, debateId: string, nodeId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Node" WHERE "id" = ${nodeId} AND "debateId" = ${debateId} FOR UPDATE`;
  return rows.length > 0;
}
