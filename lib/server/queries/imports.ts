import "server-only";
import { db, driverBulkStatement } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

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

// ---- Writing an import's batches

/** The tables an import writes in batches (names are identifiers of our schema, never input). */
export type ImportTable =
  | "User"
  | "Membership"
  | "RoleChange"
  | "Node"
  | "ProposalVersion"
  | "NodeRevision"
  | "PruneEvent"
  | "ExperimentCard"
  | "Prediction"
  | "ResolutionEvent"
  | "CruxMark"
  | "NodeLink"
  | "CounterexampleClass"
  | "ClassMembership"
  | "PatchClassAnswer"
  | "PlausibilityEstimate";

/** Rows for one table; every row has the same keys (the columns written), values as JSON carries them. */
export interface TableRows {
  table: ImportTable;
  rows: readonly Record<string, unknown>[];
}

const COLUMN = /^[A-Za-z][A-Za-z0-9]*$/;

/** `INSERT INTO "T" (cols) SELECT cols FROM json_populate_recordset(NULL::"T", $n::json)`. */
function insertFromJson({ table, rows }: TableRows): Prisma.Sql {
  const names = Object.keys(rows[0]!);
  if (!names.every((n) => COLUMN.test(n))) throw new Error(`Not a column name in ${names.join(", ")}`);
  const columns = Prisma.raw(names.map((n) => `"${n}"`).join(", "));
  const target = Prisma.raw(`"${table}"`);
  return Prisma.sql`INSERT INTO ${target} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${target}, ${JSON.stringify(rows)}::json)`;
}

/**
 * Inserts rows into one or more tables in ONE statement through the driver: the rows travel
 * as one JSON parameter per table (json_populate_recordset by the table's own row type), so
 * the statement's text stays short whatever the batch size, and neither Prisma's per-row
 * query building on the server's main thread nor a 100 KB VALUES list in the database's
 * parser is paid per batch (docs/decisions/015). Several tables go in as data-modifying
 * CTEs of that one statement: together or not at all, without holding a transaction open
 * across round trips. Planned afresh on PostgreSQL (driverBulkStatement). Columns left out take the table's defaults; Prisma-side defaults
 * (cuid ids, @updatedAt) must be in the rows.
 */
export async function insertRows(...tables: TableRows[]): Promise<void> {
  const parts = tables.filter((t) => t.rows.length > 0).map(insertFromJson);
  if (parts.length === 0) return;
  const last = parts.pop()!;
  const ctes = parts.map((part, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${part})`);
  await driverBulkStatement(ctes.length > 0 ? Prisma.sql`WITH ${Prisma.join(ctes, ", ")} ${last}` : last);
}
