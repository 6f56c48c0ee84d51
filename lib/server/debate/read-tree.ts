import "server-only";
import { db, driverJsonArray, ISO_TIMESTAMP } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Side, NodeKind, ResolutionMode, Outcome } from "@/lib/domain/vocabulary";

/** One node as the tree view, the scoreboard and the exports see it. */
export interface DebateNodeRow {
  id: string;
  parentId: string | null;
  depth: number;
  kind: NodeKind;
  side: Side;
  authorId: string;
  authorName: string;
  title: string;
  body: string;
  quoteText: string | null;
  quoteStart: number | null;
  quoteEnd: number | null;
  targetVersions: number[];
  answersNodeIds: string[];
  retractedAt: Date | null;
  prunedAt: Date | null;
  acceptedAt: Date | null;
  resolutionMode: ResolutionMode;
  outcome: Outcome | null;
  revision: number;
  versionNumber: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Full bodies, or only their first N characters (the tree view needs excerpts). */
export interface ReadOptions {
  bodyChars?: number;
}

const bodyColumn = (options: ReadOptions) =>
  options.bodyChars === undefined ? Prisma.sql`n."body"` : Prisma.sql`left(n."body", ${options.bodyChars}) AS "body"`;

const treeColumns = (options: ReadOptions = {}) => Prisma.sql`
  n."id", n."parentId", n."depth", n."kind"::text AS "kind", n."side"::text AS "side", n."authorId",
  u."displayName" AS "authorName", n."title", ${bodyColumn(options)}, n."quoteText", n."quoteStart", n."quoteEnd",
  n."targetVersions", n."answersNodeIds", n."retractedAt", n."prunedAt", n."acceptedAt",
  n."resolutionMode"::text AS "resolutionMode", n."outcome"::text AS "outcome", n."revision",
  pv."number" AS "versionNumber", n."createdAt", n."updatedAt"`;

/** The SQL of readDebateRows (exported so the benchmarks can time the same query without Prisma). */
export function debateRowsQuery(debateId: string, options: ReadOptions = {}): Prisma.Sql {
  return Prisma.sql`
    SELECT ${treeColumns(options)}
    FROM "Node" n
    JOIN "User" u ON u."id" = n."authorId"
    LEFT JOIN "ProposalVersion" pv ON pv."nodeId" = n."id"
    WHERE n."debateId" = ${debateId}
    ORDER BY n."createdAt", n."id"`;
}

/** Every node of a debate in one query, in creation order (parents before children). */
export async function readDebateRows(debateId: string, options: ReadOptions = {}): Promise<DebateNodeRow[]> {
  return db().$queryRaw<DebateNodeRow[]>(debateRowsQuery(debateId, options));
}

/** A subtree in one recursive query; empty when the root is not in this debate. */
export async function readSubtreeRows(debateId: string, rootId: string): Promise<DebateNodeRow[]> {
  return db().$queryRaw<DebateNodeRow[]>`
    WITH RECURSIVE branch AS (
      SELECT "id" FROM "Node" WHERE "id" = ${rootId} AND "debateId" = ${debateId}
      UNION ALL
      SELECT c."id" FROM "Node" c JOIN branch b ON c."parentId" = b."id" WHERE c."debateId" = ${debateId}
    )
    SELECT ${treeColumns()}
    FROM branch
    JOIN "Node" n ON n."id" = branch."id"
    JOIN "User" u ON u."id" = n."authorId"
    LEFT JOIN "ProposalVersion" pv ON pv."nodeId" = n."id"
    ORDER BY n."createdAt", n."id"`;
}

// The API's tree as JSON text, read straight through the driver (Prisma's row
// mapping costs more than the query on 10,000 nodes). Timestamps are selected as
// ISO text so both drivers give the same strings whatever the server's time zone.
const isoText = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, ${ISO_TIMESTAMP})`;

const treeJsonColumns = Prisma.sql`
  n."id", n."parentId", n."depth", n."kind"::text AS "kind", n."side"::text AS "side", n."authorId",
  u."displayName" AS "authorName", n."title", n."body", n."quoteText", n."quoteStart", n."quoteEnd",
  n."targetVersions", n."answersNodeIds", ${isoText(Prisma.sql`n."retractedAt"`)} AS "retractedAt",
  ${isoText(Prisma.sql`n."prunedAt"`)} AS "prunedAt", ${isoText(Prisma.sql`n."acceptedAt"`)} AS "acceptedAt",
  n."resolutionMode"::text AS "resolutionMode", n."outcome"::text AS "outcome", n."revision",
  pv."number" AS "versionNumber", ${isoText(Prisma.sql`n."createdAt"`)} AS "createdAt",
  ${isoText(Prisma.sql`n."updatedAt"`)} AS "updatedAt"`;

/** The JSON array text of every node of a debate (or of a subtree), in creation order. */
export async function readTreeJson(debateId: string, rootId?: string): Promise<string> {
  const scope = rootId
    ? Prisma.sql`n."id" IN (
        WITH RECURSIVE branch AS (
          SELECT "id" FROM "Node" WHERE "id" = ${rootId} AND "debateId" = ${debateId}
          UNION ALL
          SELECT c."id" FROM "Node" c JOIN branch b ON c."parentId" = b."id" WHERE c."debateId" = ${debateId}
        ) SELECT "id" FROM branch)`
    : Prisma.sql`TRUE`;
  const rows = Prisma.sql`
    SELECT ${treeJsonColumns}
    FROM "Node" n
    JOIN "User" u ON u."id" = n."authorId"
    LEFT JOIN "ProposalVersion" pv ON pv."nodeId" = n."id"
    WHERE n."debateId" = ${debateId} AND ${scope}
    ORDER BY n."createdAt", n."id"`;
  return driverJsonArray(rows, Prisma.sql`bulk."createdAt" COLLATE "C", bulk."id"`);
}

/** Ancestors of a node, root first (breadcrumbs); guards against cycles by depth. */
export async function readAncestorIds(debateId: string, nodeId: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    WITH RECURSIVE up AS (
      SELECT "id", "parentId", 0 AS hops FROM "Node" WHERE "id" = ${nodeId} AND "debateId" = ${debateId}
      UNION ALL
      SELECT p."id", p."parentId", up.hops + 1 FROM "Node" p JOIN up ON p."id" = up."parentId"
      WHERE up.hops < 10000 AND p."debateId" = ${debateId}
    )
    SELECT "id" FROM up ORDER BY hops DESC`;
  return rows.map((r) => r.id);
}
