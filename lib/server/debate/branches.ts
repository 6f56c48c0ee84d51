import "server-only";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { conflict, notFound } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { requestCruxFollowUps } from "@/lib/server/cruxes/service";
import { loadAccess, permissionContext, requireAccess } from "@/lib/server/debate/access";
import { assertCan } from "@/lib/domain/debate/permissions";
import { assertCanReopen, validatePrune, validateReopen, type PruneInput, type RevisitListOptions } from "@/lib/domain/debate/pruning";
import { prunedBranches } from "@/lib/server/queries/revisit";
import { readSubtreeIds } from "@/lib/server/queries/tree";
import { assertStateAllows } from "@/lib/domain/debate/node-state";
import { insertLink } from "@/lib/server/debate/links";

async function loadBranchRoot(actor: Actor, debateId: string, nodeId: string) {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  const node = await db().node.findFirst({
    where: { id: nodeId, debateId },
    select: { id: true, debateId: true, authorId: true, kind: true, prunedAt: true, retractedAt: true },
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
  assertStateAllows("branch:prune", node);
  let duplicateTarget: { id: string; debateId: string } | null = null;
  let branchIds: Set<string> | undefined;
  if (input.duplicateOf) {
    duplicateTarget = await db().node.findFirst({ where: { id: input.duplicateOf, debateId }, select: { id: true, debateId: true } });
    branchIds = new Set(await readSubtreeIds(debateId, nodeId));
  }
  const valid = validatePrune(input, node, { duplicateTarget, branchIds });
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
    // "Duplicate of" is also a typed link (kept if it exists already); PruneEvent.duplicateOf stays the record of the prune.
    if (valid.category === "DUPLICATE" && valid.duplicateOf !== null) {
      await insertLink(tx, { debateId, fromId: nodeId, toId: valid.duplicateOf, type: "DUPLICATE_OF", authorId: actor.id });
    }
    // A claim pruned as conceded or refuted is settled false: ask who pre-committed on it.
    await requestCruxFollowUps(tx, { debateId, nodeId, actorId: actor.id });
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
  // Members only (branch:estimate): a readable debate the actor has not joined answers 403.
  assertCan("branch:estimate", permissionContext(access));
  return db().$transaction(async (tx) => {
    const estimate = await tx.branchEstimate.upsert({
      where: { nodeId_userId: { nodeId, userId: actor.id } },
      create: { nodeId, userId: actor.id, promise },
      update: { promise },
      select: { nodeId: true, promise: true, updatedAt: true },
    });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "branch.estimated", nodeId, payload: { promise } });
    return estimate;
  });
}

/** The revisit view of one debate. */
export async function debateRevisit(actor: Actor | null, debateId: string, options: RevisitListOptions = {}) {
  await requireAccess(debateId, actor, "debate:read");
  return prunedBranches({ debateId }, options);
}

/** Pruned branches across every debate the actor belongs to. */
export async function myRevisit(actor: Actor, options: RevisitListOptions = {}) {
  return prunedBranches({ memberId: actor.id }, options);
}
