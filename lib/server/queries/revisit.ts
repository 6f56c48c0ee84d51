import "server-only";
import { db } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { REVISIT_DEFAULTS, type RevisitListOptions, type RevisitSort } from "@/lib/domain/debate/pruning";
import { subtreeCte } from "@/lib/server/queries/tree";
import type { NodeKind, PruneCategory } from "@/lib/domain/vocabulary";

/** One pruned branch as the revisit query returns it. */
export interface PrunedBranchRow {
  debateId: string;
  debateTitle: string;
  nodeId: string;
  title: string;
  body: string;
  kind: NodeKind;
  prunedAt: Date;
  prunedById: string | null;
  category: PruneCategory | null;
  reason: string | null;
  duplicateOf: string | null;
  branchSize: number;
  depth: number;
  lastActivityAt: Date;
  promise: number | null;
  estimateCount: number;
  ageDays: number;
}

// revisitSortKey (lib/domain/debate/pruning.ts) in SQL, over the columns above; the
// Record makes a new sort key fail typecheck here until it has its SQL.
const sortKeySql: Record<RevisitSort, Prisma.Sql> = {
  promise: Prisma.sql`r."promise"`,
  age: Prisma.sql`-extract(epoch FROM r."prunedAt")`,
  size: Prisma.sql`r."branchSize"`,
  depth: Prisma.sql`r."depth"`,
  activity: Prisma.sql`r."lastActivityAt"`,
};

export const REVISIT_LIMIT = 2000;

/**
 * Pruned branches with reason, size, depth, last activity and promise, in one
 * query: for one debate, or for every debate a user belongs to. Only pruned
 * roots are walked, never the whole debate. Filtered and ordered as revisitList
 * does (nulls last, ties by node id in code-point order).
 */
export async function prunedBranches(scope: { debateId: string } | { memberId: string }, options: RevisitListOptions = {}): Promise<PrunedBranchRow[]> {
  const pruned =
    "debateId" in scope
      ? Prisma.sql`SELECT n."id" FROM "Node" n WHERE n."debateId" = ${scope.debateId} AND n."prunedAt" IS NOT NULL`
      : Prisma.sql`SELECT n."id" FROM "Node" n
          JOIN "Membership" m ON m."debateId" = n."debateId" AND m."userId" = ${scope.memberId}
          WHERE n."prunedAt" IS NOT NULL`;
  const direction = (options.order ?? REVISIT_DEFAULTS.order) === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const category = options.category ? Prisma.sql`WHERE r."category" = ${options.category}` : Prisma.empty;
  return db().$queryRaw<PrunedBranchRow[]>`
    WITH RECURSIVE ${subtreeCte(pruned)},
    sizes AS (
      SELECT b."root", count(*)::int AS size, max(greatest(n."createdAt", n."updatedAt")) AS last
      FROM branch b JOIN "Node" n ON n."id" = b."id" GROUP BY b."root"
    )
    SELECT * FROM (
      SELECT n."debateId", d."title" AS "debateTitle", n."id" AS "nodeId", n."title", left(n."body", 200) AS "body",
        n."kind"::text AS "kind", n."prunedAt", e."actorId" AS "prunedById", e."category"::text AS "category",
        e."reason", e."duplicateOf", s.size AS "branchSize", n."depth", s.last AS "lastActivityAt",
        floor(extract(epoch FROM (now() AT TIME ZONE 'UTC') - n."prunedAt") / 86400)::int AS "ageDays",
        coalesce(est.avg, e."promise"::float) AS "promise", coalesce(est.count, 0)::int AS "estimateCount"
      FROM sizes s
      JOIN "Node" n ON n."id" = s."root"
      JOIN "Debate" d ON d."id" = n."debateId" AND d."importingSince" IS NULL
      LEFT JOIN LATERAL (
        SELECT pe."category", pe."reason", pe."promise", pe."actorId", pe."duplicateOf" FROM "PruneEvent" pe
        WHERE pe."nodeId" = n."id" AND pe."action" = 'PRUNE' ORDER BY pe."createdAt" DESC LIMIT 1
      ) e ON true
      LEFT JOIN LATERAL (
        SELECT avg(be."promise")::float AS avg, count(*) AS count FROM "BranchEstimate" be WHERE be."nodeId" = n."id"
      ) est ON true
    ) r
    ${category}
    ORDER BY ${sortKeySql[options.sort ?? REVISIT_DEFAULTS.sort]} ${direction} NULLS LAST, r."nodeId" COLLATE "C"
    LIMIT ${REVISIT_LIMIT}`;
}
