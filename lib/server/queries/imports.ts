import "server-only";
import { db } from "@/lib/server/db/client";

// SQL for removing what an unpublished import wrote (lib/server/transfer/import.ts), in
// bounded statements so that removing 100,000 nodes never holds the single writer long.

/** A debate an import started and has not published. */
export interface UnpublishedDebateRow {
  id: string;
  /** The import's last sign of life (set at start, refreshed while it writes). */
  importingSince: Date;
}

/** Unpublished debates whose import last showed life before `before`. */
export async function unpublishedDebatesBefore(before: Date): Promise<UnpublishedDebateRow[]> {
  return db().$queryRaw<UnpublishedDebateRow[]>`
    SELECT "id", "importingSince" FROM "Debate"
    WHERE "importingSince" IS NOT NULL AND "importingSince" <= ${before}
    ORDER BY "importingSince"`;
}

/**
 * Deletes at most `limit` of an unpublished debate's nodes, deepest first: every child of a
 * deleted node is deeper, so already gone, and the cascade reaches only the nodes' own rows
 * (revisions, prune events, cards, predictions, resolutions, crux marks, versions).
 * Returns how many nodes went.
 */
export async function deleteDeepestUnpublishedNodes(debateId: string, limit: number): Promise<number> {
  return db().$executeRaw`
    DELETE FROM "Node" WHERE "id" IN (
      SELECT n."id" FROM "Node" n JOIN "Debate" d ON d."id" = n."debateId"
      WHERE n."debateId" = ${debateId} AND d."importingSince" IS NOT NULL
      ORDER BY n."depth" DESC LIMIT ${limit})`;
}

/**
 * Deletes an unpublished debate whose nodes are gone, with the password-less participants
 * the import created for it (members of it alone). One transaction; returns false when the
 * debate is not there or was published meanwhile.
 */
export async function deleteUnpublishedDebateAndParticipants(debateId: string): Promise<boolean> {
  const [, deleted] = await db().$transaction([
    db().$executeRaw`
      DELETE FROM "User" u USING "Membership" m, "Debate" d
      WHERE m."userId" = u."id" AND m."debateId" = ${debateId} AND d."id" = m."debateId"
        AND d."importingSince" IS NOT NULL AND u."passwordHash" IS NULL AND u."email" IS NULL
        AND u."username" LIKE 'imported-%'
        AND NOT EXISTS (SELECT 1 FROM "Membership" o WHERE o."userId" = u."id" AND o."debateId" <> ${debateId})`,
    db().$executeRaw`
      DELETE FROM "Debate" d WHERE d."id" = ${debateId} AND d."importingSince" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "Node" n WHERE n."debateId" = d."id")`,
  ]);
  return deleted > 0;
}
