import "server-only";
import { db, driverJsonArray, ISO_TIMESTAMP } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { nodeSubtreeCte } from "@/lib/server/queries/tree";
import type { LinkType } from "@/lib/domain/vocabulary";

// The debate's typed cross-links: one query per tree read, whatever the number of nodes.

export interface NodeLinkRow {
  id: string;
  fromId: string;
  toId: string;
  type: LinkType;
  authorId: string;
  createdAt: Date;
}

/** Every link of a debate, oldest first (NodeLink_debateId_idx). */
export function readDebateLinks(debateId: string): Promise<NodeLinkRow[]> {
  return db().$queryRaw<NodeLinkRow[]>`
    SELECT "id", "fromNodeId" AS "fromId", "toNodeId" AS "toId", "type"::text AS "type", "authorId", "createdAt"
    FROM "NodeLink" WHERE "debateId" = ${debateId}
    ORDER BY "createdAt", "id"`;
}

/** The links as JSON array text for GET /tree; with a root, only links with both ends in its subtree. */
export function readLinksJson(debateId: string, rootId?: string): Promise<string> {
  const inScope = (column: string) =>
    rootId ? Prisma.sql`AND l.${Prisma.raw(`"${column}"`)} IN (SELECT "id" FROM branch)` : Prisma.empty;
  const rows = Prisma.sql`
    ${rootId ? Prisma.sql`WITH RECURSIVE ${nodeSubtreeCte(debateId, rootId)}` : Prisma.empty}
    SELECT l."id", l."fromNodeId" AS "fromId", l."toNodeId" AS "toId", l."type"::text AS "type", l."authorId",
      to_char(l."createdAt", ${ISO_TIMESTAMP}) AS "createdAt"
    FROM "NodeLink" l
    WHERE l."debateId" = ${debateId} ${inScope("fromNodeId")} ${inScope("toNodeId")}
    ORDER BY l."createdAt", l."id"`;
  return driverJsonArray(rows, Prisma.sql`bulk."createdAt" COLLATE "C", bulk."id"`);
}
