import "server-only";
import { db, driverJsonArray, driverQuery, ISO_TIMESTAMP } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Side, NodeKind, ResolutionMode, Outcome } from "@/lib/domain/vocabulary";

// The tree's hand-written SQL: the debate's rows, a subtree, the ancestors. Every
// recursive walk down the tree goes through subtreeCte.

/** `SELECT "id"` of one node, only when it is in this debate: the usual root of subtreeCte. */
export const nodeInDebate = (debateId: string, nodeId: string) =>
  Prisma.sql`SELECT "id" FROM "Node" WHERE "id" = ${nodeId} AND "debateId" = ${debateId}`;

/**
 * The recursive CTE `branch("root", "id")`: each root (any query selecting `"id"`)
 * and all its descendants, tagged with the root they hang from. Goes after
 * `WITH RECURSIVE`. `debateId` keeps the walk inside one debate.
 */
export function subtreeCte(roots: Prisma.Sql, options: { debateId?: string } = {}): Prisma.Sql {
  const sameDebate = options.debateId === undefined ? Prisma.empty : Prisma.sql`WHERE c."debateId" = ${options.debateId}`;
  return Prisma.sql`branch AS (
      SELECT r."id" AS "root", r."id" FROM (${roots}) r
      UNION ALL
      SELECT b."root", c."id" FROM "Node" c JOIN branch b ON c."parentId" = b."id" ${sameDebate}
    )`;
}

/** The CTE of one node's subtree in one debate (empty when the node is not in it). */
export const nodeSubtreeCte = (debateId: string, rootId: string) => subtreeCte(nodeInDebate(debateId, rootId), { debateId });

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

/** These nodes of a debate, as readDebateRows reads them, in creation order. */
export async function readDebateRowsByIds(debateId: string, ids: readonly string[], options: { bodyChars?: number } = {}): Promise<DebateNodeRow[]> {
  if (ids.length === 0) return [];
  return db().$queryRaw<DebateNodeRow[]>`
    SELECT ${treeColumns(options)}
    FROM "Node" n
    JOIN "User" u ON u."id" = n."authorId"
    LEFT JOIN "ProposalVersion" pv ON pv."nodeId" = n."id"
    WHERE n."debateId" = ${debateId} AND n."id" = ANY(${ids as string[]}::text[])
    ORDER BY n."createdAt", n."id"`;
}

/** A subtree in one recursive query; empty when the root is not in this debate. */
export async function readSubtreeRows(debateId: string, rootId: string): Promise<DebateNodeRow[]> {
  return db().$queryRaw<DebateNodeRow[]>`
    WITH RECURSIVE ${nodeSubtreeCte(debateId, rootId)}
    SELECT ${treeColumns()}
    FROM branch
    JOIN "Node" n ON n."id" = branch."id"
    JOIN "User" u ON u."id" = n."authorId"
    LEFT JOIN "ProposalVersion" pv ON pv."nodeId" = n."id"
    ORDER BY n."createdAt", n."id"`;
}

/** The ids of a node and its descendants; empty when the node is not in this debate. */
export async function readSubtreeIds(debateId: string, rootId: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`WITH RECURSIVE ${nodeSubtreeCte(debateId, rootId)} SELECT "id" FROM branch`;
  return rows.map((r) => r.id);
}

/** A node as the debate's analyses (scoreboard, frontier, revisit list, review flags) read it: no text but a pruned node's title. */
export type AnalysisNodeRow = Omit<DebateNodeRow, "authorName" | "body" | "quoteText" | "quoteStart" | "quoteEnd">;

/**
 * Every node of a debate for its analyses, in creation order: straight through the driver
 * (Prisma's row mapping doubled the time and tripled the memory on 100,000 nodes) and without
 * text, which is most of a node; only a pruned node keeps a title (its body's start when
 * untitled), since the revisit list names pruned branches.
 */
export async function readAnalysisRows(debateId: string): Promise<AnalysisNodeRow[]> {
  return driverQuery<AnalysisNodeRow>(
    Prisma.sql`
      SELECT n."id", n."parentId", n."depth", n."kind"::text AS "kind", n."side"::text AS "side", n."authorId",
        CASE WHEN n."prunedAt" IS NULL THEN '' ELSE coalesce(nullif(n."title", ''), left(n."body", 80)) END AS "title",
        n."targetVersions", n."answersNodeIds", n."retractedAt", n."prunedAt", n."acceptedAt",
        n."resolutionMode"::text AS "resolutionMode", n."outcome"::text AS "outcome", n."revision",
        pv."number" AS "versionNumber", n."createdAt", n."updatedAt"
      FROM "Node" n
      LEFT JOIN "ProposalVersion" pv ON pv."nodeId" = n."id"
      WHERE n."debateId" = ${debateId}
      ORDER BY n."createdAt", n."id"`,
    { utcTimestamps: true },
  );
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
    ? Prisma.sql`n."id" IN (WITH RECURSIVE ${nodeSubtreeCte(debateId, rootId)} SELECT "id" FROM branch)`
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

// ---- Paged reads (lib/server/debate/tree-pages.ts)

/**
 * Every node's id and parent in creation order, as one text value (units split by
 * \x1f, rows by \x1e): one row to parse instead of one per node, so the skeleton of a
 * 100,000-node debate costs the server a string split.
 */
export async function readSkeletonText(debateId: string): Promise<string> {
  const [row] = await driverQuery<{ skeleton: string | null }>(Prisma.sql`
    SELECT string_agg(n."id" || chr(31) || coalesce(n."parentId", ''), chr(30) ORDER BY n."createdAt", n."id") AS "skeleton"
    FROM "Node" n WHERE n."debateId" = ${debateId}`);
  return row?.skeleton ?? "";
}

/** The latest event of a debate (0 when none): every change appends one, so it names the debate's state. */
export async function latestEventSeq(debateId: string): Promise<string> {
  const [row] = await driverQuery<{ seq: string | null }>(Prisma.sql`SELECT max("seq")::text AS "seq" FROM "DebateEvent" WHERE "debateId" = ${debateId}`);
  return row?.seq ?? "0";
}

/** The /tree rows of these nodes (any order; the caller orders them). */
export async function readTreeRowsByIds(debateId: string, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  if (ids.length === 0) return [];
  return driverQuery<Record<string, unknown>>(Prisma.sql`
    SELECT ${treeJsonColumns}
    FROM "Node" n
    JOIN "User" u ON u."id" = n."authorId"
    LEFT JOIN "ProposalVersion" pv ON pv."nodeId" = n."id"
    WHERE n."debateId" = ${debateId} AND n."id" = ANY(${ids as string[]}::text[])`);
}

/**
 * One slice of the whole tree in creation order, after the (createdAt, id) of the
 * previous slice's last row: the full read is sent slice by slice, so no single
 * statement holds the embedded database (one backend) for the whole tree.
 */
export async function readTreeSlice(debateId: string, after: { createdAt: string; id: string } | null, limit: number): Promise<Record<string, unknown>[]> {
  const keyset = after
    ? // The plain bound lets the (debateId, createdAt) index start at the slice; the row comparison breaks ties.
      Prisma.sql`AND n."createdAt" >= (${after.createdAt}::timestamptz AT TIME ZONE 'UTC') AND (n."createdAt", n."id") > (${after.createdAt}::timestamptz AT TIME ZONE 'UTC', ${after.id})`
    : Prisma.empty;
  return driverQuery<Record<string, unknown>>(Prisma.sql`
    SELECT ${treeJsonColumns}
    FROM "Node" n
    JOIN "User" u ON u."id" = n."authorId"
    LEFT JOIN "ProposalVersion" pv ON pv."nodeId" = n."id"
    WHERE n."debateId" = ${debateId} ${keyset}
    ORDER BY n."createdAt", n."id"
    LIMIT ${limit}`);
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
