import "server-only";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { conflict, forbidden, notFound } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { loadAccess, permissionContext, requireAccess } from "@/lib/server/debate/access";
import { Prisma } from "@/lib/generated/prisma/client";
import { sortByKey } from "@/lib/domain/sort";
import { assertCan } from "@/lib/domain/debate/permissions";
import { assertCanPrune, assertCanReopen, validatePrune, validateReopen, type PruneInput } from "@/lib/domain/debate/pruning";
import { readSubtreeRows } from "@/lib/server/debate/read-tree";

async function loadBranchRoot(actor: Actor, debateId: string, nodeId: string) {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  const node = await db().node.findFirst({
    where: { id: nodeId, debateId },
    select: { id: true, debateId: true, authorId: true, kind: true, prunedAt: true },
  });
  if (!node) throw notFound("No such node in this debate");
  return { access, node };
}

/**
 * Prunes a node and, visually, its branch. Descendants keep their own state:
 * nothing is deleted and a child pruned earlier keeps its own history.
 */
export async function pruneBranch(actor: Actor, debateId: string, nodeId: string, input: PruneInput) {
  const { access, node } = await loadBranchRoot(actor, debateId, nodeId);
  assertCan("branch:prune", permissionContext(access, { target: { authorId: node.authorId, kind: node.kind } }));
  if (node.kind === "PROPOSAL") throw conflict("The proposal itself cannot be pruned");
  assertCanPrune(node);
  let duplicateTarget: { id: string; debateId: string } | null = null;
  let branchIds: Set<string> | undefined;
  if (input.duplicateOf) {
    duplicateTarget = await db().node.findFirst({ where: { id: input.duplicateOf, debateId }, select: { id: true, debateId: true } });
    branchIds = new Set((await readSubtreeRows(debateId, nodeId)).map((r) => r.id));
  }
  const valid = validatePrune(input, node, { duplicateTarget });
  if (valid.duplicateOf && branchIds?.has(valid.duplicateOf)) {
    throw conflict("A branch cannot be a duplicate of a node inside itself");
  }
  return db().$transaction(async (tx) => {
    // The state check is in the WHERE: of two concurrent prunes exactly one wins.
    const { count } = await tx.node.updateMany({ where: { id: nodeId, debateId, prunedAt: null }, data: { prunedAt: new Date() } });
    if (count === 0) throw conflict("This branch was pruned by someone else just now");
    const event = await tx.pruneEvent.create({
      data: { debateId, nodeId, actorId: actor.id, action: "PRUNE", ...valid },
      select: { id: true, createdAt: true },
    });
    if (valid.promise !== null) {
      await tx.branchEstimate.upsert({
        where: { nodeId_userId: { nodeId, userId: actor.id } },
        create: { nodeId, userId: actor.id, promise: valid.promise },
        update: { promise: valid.promise },
      });
    }
    await recordEvent(tx, { debateId, actorId: actor.id, type: "branch.pruned", nodeId, payload: { category: valid.category, reason: valid.reason } });
    return event;
  });
}

/** Reopens one pruned node. Children pruned for their own reasons stay pruned. */
export async function reopenBranch(actor: Actor, debateId: string, nodeId: string, input: { reason: string; promise?: number | null }) {
  const { access, node } = await loadBranchRoot(actor, debateId, nodeId);
  assertCan("branch:reopen", permissionContext(access, { target: { authorId: node.authorId, kind: node.kind } }));
  assertCanReopen(node);
  const { reason } = validateReopen(input);
  return db().$transaction(async (tx) => {
    const { count } = await tx.node.updateMany({ where: { id: nodeId, debateId, prunedAt: { not: null } }, data: { prunedAt: null } });
    if (count === 0) throw conflict("This branch was reopened by someone else just now");
    const event = await tx.pruneEvent.create({
      data: { debateId, nodeId, actorId: actor.id, action: "REOPEN", reason, promise: input.promise ?? null },
      select: { id: true, createdAt: true },
    });
    if (input.promise !== undefined && input.promise !== null) {
      await tx.branchEstimate.upsert({
        where: { nodeId_userId: { nodeId, userId: actor.id } },
        create: { nodeId, userId: actor.id, promise: input.promise },
        update: { promise: input.promise },
      });
    }
    await recordEvent(tx, { debateId, actorId: actor.id, type: "branch.reopened", nodeId, payload: { reason } });
    return event;
  });
}

/** A participant's current estimate of how promising a branch is. */
export async function estimateBranch(actor: Actor, debateId: string, nodeId: string, promise: number) {
  const { access } = await loadBranchRoot(actor, debateId, nodeId);
  // A readable debate the actor has not joined: 403 like every other denied action
  // (404 is only for debates the actor cannot read). The owner is always a member.
  if (!access.membership && access.userId !== access.debate.ownerId) throw forbidden("Join the debate to estimate branches");
  return db().branchEstimate.upsert({
    where: { nodeId_userId: { nodeId, userId: actor.id } },
    create: { nodeId, userId: actor.id, promise },
    update: { promise },
    select: { nodeId: true, promise: true, updatedAt: true },
  });
}

export type RevisitSort = "promise" | "age" | "size" | "depth" | "activity";

export interface PrunedBranchRow {
  debateId: string;
  debateTitle: string;
  nodeId: string;
  title: string;
  body: string;
  kind: string;
  prunedAt: Date;
  prunedById: string | null;
  category: string | null;
  reason: string | null;
  duplicateOf: string | null;
  branchSize: number;
  depth: number;
  lastActivityAt: Date;
  promise: number | null;
  estimateCount: number;
  ageDays: number;
}

/**
 * Pruned branches with reason, size, depth, last activity and promise, in one
 * query: for one debate, or for every debate a user belongs to. Only pruned
 * roots are walked, never the whole debate.
 */
async function prunedBranches(scope: { debateId: string } | { memberId: string }): Promise<PrunedBranchRow[]> {
  const pruned =
    "debateId" in scope
      ? Prisma.sql`SELECT n."id" FROM "Node" n WHERE n."debateId" = ${scope.debateId} AND n."prunedAt" IS NOT NULL`
      : Prisma.sql`SELECT n."id" FROM "Node" n
          JOIN "Membership" m ON m."debateId" = n."debateId" AND m."userId" = ${scope.memberId}
          WHERE n."prunedAt" IS NOT NULL`;
  return db().$queryRaw<PrunedBranchRow[]>`
    WITH RECURSIVE pruned AS (${pruned}),
    branch AS (
      SELECT p."id" AS root, p."id" FROM pruned p
      UNION ALL
      SELECT b.root, c."id" FROM "Node" c JOIN branch b ON c."parentId" = b."id"
    ), sizes AS (
      SELECT b.root, count(*)::int AS size, max(greatest(n."createdAt", n."updatedAt")) AS last
      FROM branch b JOIN "Node" n ON n."id" = b."id" GROUP BY b.root
    )
    SELECT n."debateId", d."title" AS "debateTitle", n."id" AS "nodeId", n."title", left(n."body", 200) AS "body",
      n."kind"::text AS "kind", n."prunedAt", e."actorId" AS "prunedById", e."category"::text AS "category",
      e."reason", e."duplicateOf", s.size AS "branchSize", n."depth", s.last AS "lastActivityAt",
      floor(extract(epoch FROM (now() AT TIME ZONE 'UTC') - n."prunedAt") / 86400)::int AS "ageDays",
      coalesce(est.avg, e."promise"::float) AS "promise", coalesce(est.count, 0)::int AS "estimateCount"
    FROM sizes s
    JOIN "Node" n ON n."id" = s.root
    JOIN "Debate" d ON d."id" = n."debateId"
    LEFT JOIN LATERAL (
      SELECT pe."category", pe."reason", pe."promise", pe."actorId", pe."duplicateOf" FROM "PruneEvent" pe
      WHERE pe."nodeId" = n."id" AND pe."action" = 'PRUNE' ORDER BY pe."createdAt" DESC LIMIT 1
    ) e ON true
    LEFT JOIN LATERAL (
      SELECT avg(be."promise")::float AS avg, count(*) AS count FROM "BranchEstimate" be WHERE be."nodeId" = n."id"
    ) est ON true
    LIMIT 2000`;
}

function sortBranches(rows: PrunedBranchRow[], options: { sort?: RevisitSort; order?: "asc" | "desc"; category?: string }) {
  const filtered = options.category ? rows.filter((r) => r.category === options.category) : rows;
  // Each field's natural reading (most promising, oldest, biggest, deepest, most recent first) is "desc".
  const key: Record<RevisitSort, (r: PrunedBranchRow) => number | null> = {
    promise: (r) => r.promise,
    age: (r) => -r.prunedAt.getTime(),
    size: (r) => r.branchSize,
    depth: (r) => r.depth,
    activity: (r) => r.lastActivityAt.getTime(),
  };
  return sortByKey(filtered, key[options.sort ?? "promise"], options.order ?? "desc");
}

/** The revisit view of one debate. */
export async function debateRevisit(
  actor: Actor | null,
  debateId: string,
  options: { sort?: RevisitSort; order?: "asc" | "desc"; category?: string } = {},
) {
  await requireAccess(debateId, actor, "debate:read");
  return sortBranches(await prunedBranches({ debateId }), options);
}

/** Pruned branches across every debate the actor belongs to. */
export async function myRevisit(actor: Actor, options: { sort?: RevisitSort; category?: string } = {}) {
  return sortBranches(await prunedBranches({ memberId: actor.id }), options);
}
