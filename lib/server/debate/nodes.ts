import "server-only";
import { assertNotLockedByRound } from "@/lib/server/rounds/service";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { AppError, conflict, notFound, unauthenticated } from "@/lib/domain/errors";
import { assertWithinLimit, rateRules, UNKNOWN_CLIENT } from "@/lib/server/auth/rate-limit";
import { recordEvent } from "@/lib/server/events/record";
import { loadAccess, permissionContext, requireAccess, type DebateAccess } from "@/lib/server/debate/access";
import { draftMoveNotifications } from "@/lib/domain/notifications/drafts";
import { assertCan } from "@/lib/domain/debate/permissions";
import { assertStateAllows } from "@/lib/domain/debate/node-state";
import { refutedByEvidence } from "@/lib/domain/debate/scoreboard";
import { quoteMatches } from "@/lib/domain/debate/quote";
import type { CreateNodeInput } from "@/lib/domain/debate/validation";
import { storedLinks } from "@/lib/contracts/common";
import { insertMoveRow, readMoveContextRow, type MoveContext, type MoveWrite } from "@/lib/server/queries/moves";
import { searchDebateNodes } from "@/lib/server/queries/search";

const nodeSummarySelect = {
  id: true,
  debateId: true,
  parentId: true,
  depth: true,
  kind: true,
  side: true,
  authorId: true,
  title: true,
  body: true,
  revision: true,
  createdAt: true,
} as const;

/**
 * Posts a move in two round trips, straight through the driver (the API's
 * hottest path; docs/decisions/006). The first statement counts the rate-limit hits
 * and reads everything the checks need (debate, membership, parent, versions,
 * which possible recipients are members); the rules then run in TypeScript
 * (lib/domain/debate/permissions.ts, draftMoveNotifications). The second statement
 * writes the node, a patch's version, the event, lastMoveAt, the notifications
 * and the listener notify at once: one statement is atomic without a transaction.
 */
export async function createNode(actor: Actor, debateId: string, input: CreateNodeInput, options: { ip?: string } = {}) {
  // Signed-out callers (the API answers them 401 before this) get the same answers as from any service.
  if (!(actor as Actor | null)) {
    await requireAccess(debateId, null, "node:create", { createKind: input.kind });
    throw unauthenticated();
  }
  // Per client address too, when it is known (UNKNOWN_CLIENT is everyone whose address the
  // server could not see: a shared bucket would let a few users throttle the site, so it is not counted).
  const ip = options.ip && options.ip !== UNKNOWN_CLIENT ? options.ip : undefined;
  const answersNodeIds = input.kind === "PATCH" ? [...new Set(input.answersNodeIds ?? [])] : [];
  const answersClassIds = input.kind === "PATCH" ? [...new Set(input.answersClassIds ?? [])] : [];
  const context = await readMoveContext(actor, debateId, input, answersNodeIds, ip, answersClassIds);

  const access = accessFromContext(actor, context);
  assertCan("debate:read", permissionContext(access));
  assertCan("node:create", permissionContext(access, { createKind: input.kind }));

  if (context.parentId === null) throw fieldError("parentId", "The parent node is not in this debate");
  // Quotes index the parent's text as rendered (Markdown formatting dropped; lib/domain/debate/quote.ts).
  if (input.quote && !quoteMatches(context.parentBody!, input.quote)) {
    throw fieldError("quote", "The quoted passage does not match the text of the node replied to");
  }
  const versions = JSON.parse(context.versions) as { number: number; authorId: string }[];
  const currentVersion = Math.max(1, ...versions.map((v) => v.number));
  let targetVersions: number[] = [];
  if (input.kind === "COUNTEREXAMPLE") {
    targetVersions = [...new Set(input.targetVersions ?? [currentVersion])].sort((a, b) => a - b);
    const bad = targetVersions.filter((v) => v > currentVersion);
    if (bad.length) throw fieldError("targetVersions", `No proposal version ${bad.join(", ")} exists yet`);
  }
  if (input.kind === "PATCH") {
    if (!input.proposal) throw fieldError("proposal", "A patch needs the full text of the new proposal version");
    if (context.answersFound !== answersNodeIds.length) {
      throw fieldError("answersNodeIds", "A patch can only answer counterexamples of this debate");
    }
    if (context.classesFound !== answersClassIds.length) {
      throw fieldError("answersClassIds", "A patch can only answer counterexample classes of this debate");
    }
  }
  // The owner without a membership row posts from the observer side (docs/permissions.md).
  const side = access.membership?.side ?? "OBSERVER";
  const notifications = draftMoveNotifications({
    actor,
    debate: context,
    node: { kind: input.kind, title: input.title, body: input.body, targetVersions },
    parent: { authorId: context.parentAuthorId!, title: context.parentTitle!, body: context.parentBody! },
    versions,
    memberIds: new Set(context.memberIds),
    classMembers: input.kind === "PATCH" ? (JSON.parse(context.classMembers) as { authorId: string; title: string; body: string; className: string }[]) : [],
  });

  for (let attempt = 0; ; attempt++) {
    try {
      return await insertMove({
        debateId,
        actorId: actor.id,
        input,
        side,
        parentId: context.parentId,
        depth: context.parentDepth! + 1,
        targetVersions,
        answersNodeIds,
        answersClassIds,
        notifications,
        debateTitle: context.title,
      });
    } catch (error) {
      // Two patches raced for the same version number: the next attempt takes the next one.
      if (input.kind === "PATCH" && isUniqueViolation(error) && attempt < 3) continue;
      // A class the patch answers was deleted between the check and the write (foreign key).
      if (answersClassIds.length && (error as { code?: unknown } | null)?.code === "23503") {
        throw fieldError("answersClassIds", "A patch can only answer counterexample classes of this debate");
      }
      throw error;
    }
  }
}

async function readMoveContext(actor: Actor, debateId: string, input: CreateNodeInput, answersNodeIds: string[], ip: string | undefined, answersClassIds: string[]) {
  const row = await readMoveContextRow(actor, debateId, input, answersNodeIds, ip, answersClassIds);
  // Limits are answered before anything about the debate, as apiRoute does for other
  // writes (every attempt counts, a made-up id too).
  assertWithinLimit(rateRules.writesPerUser, { count: row.writeHits, resetAtMs: row.writeResetAtMs });
  assertWithinLimit(rateRules.movesPerUser, { count: row.userHits, resetAtMs: row.userResetAtMs });
  if (ip) assertWithinLimit(rateRules.writesPerIp, { count: row.ipHits!, resetAtMs: row.ipResetAtMs! });
  if (row.id === null) throw notFound("No such debate");
  return { ...row, id: row.id };
}

function accessFromContext(actor: Actor, c: MoveContext): DebateAccess {
  return {
    debate: { id: c.id, title: c.title, visibility: c.visibility, playMode: c.playMode, ownerId: c.ownerId, rootNodeId: c.rootNodeId, inviteCode: c.inviteCode },
    membership: c.memberRole && c.memberSide ? { role: c.memberRole, side: c.memberSide } : null,
    userId: actor.id,
  };
}

async function insertMove(w: MoveWrite) {
  const row = await insertMoveRow(w);
  const { versionNumber, createdAt, ...node } = row;
  return { ...node, createdAt: new Date(createdAt), version: versionNumber === null ? null : { number: versionNumber } };
}

/** A unique-constraint violation (SQLSTATE 23505), as pg and PGlite report it. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "23505";
}

export async function editNode(actor: Actor, debateId: string, nodeId: string, input: { title?: string; body: string; revision: number }, now?: Date) {
  const node = await requireNode(actor, debateId, nodeId, "node:edit");
  assertStateAllows("node:edit", node);
  return db().$transaction(async (tx) => {
    // A judged round's entries lock at its deadline (docs/decisions/013-judged-rounds.md).
    await assertNotLockedByRound(tx, debateId, node, now ?? new Date());
    const { count } = await tx.node.updateMany({
      where: { id: nodeId, debateId, revision: input.revision },
      data: { title: input.title ?? node.title, body: input.body, revision: { increment: 1 } },
    });
    if (count === 0) {
      throw conflict("This node was changed since you opened it; reload to see the latest revision", {
        currentRevision: (await tx.node.findUnique({ where: { id: nodeId }, select: { revision: true } }))?.revision,
      });
    }
    // The first edit also records the original text as revision 1.
    if (input.revision === 1) {
      await tx.nodeRevision.create({
        data: { nodeId, revision: 1, editorId: node.authorId, title: node.title, body: node.body, createdAt: node.createdAt },
      });
    }
    await tx.nodeRevision.create({
      data: { nodeId, revision: input.revision + 1, editorId: actor.id, title: input.title ?? node.title, body: input.body },
    });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "node.edited", nodeId, payload: { revision: input.revision + 1 } });
    return tx.node.findUniqueOrThrow({ where: { id: nodeId }, select: nodeSummarySelect });
  });
}

export async function retractNode(actor: Actor, debateId: string, nodeId: string) {
  const node = await requireNode(actor, debateId, nodeId, "node:retract");
  assertStateAllows("node:retract", node);
  return db().$transaction(async (tx) => {
    const { count } = await tx.node.updateMany({ where: { id: nodeId, debateId, retractedAt: null }, data: { retractedAt: new Date() } });
    if (count === 0) throw conflict("This node is already retracted");
    await recordEvent(tx, { debateId, actorId: actor.id, type: "node.retracted", nodeId });
  });
}

const REFUTED_REBUTTAL_MESSAGE = "This rebuttal's claim was resolved refuted by its experiment, so it cannot be accepted; reopen the resolution first";

/**
 * Accepting a rebuttal: a moderator, or the author of the node it rebuts, concedes it holds.
 * A rebuttal refuted by its own empirical resolution cannot be accepted (docs/decisions/002).
 */
export async function acceptRebuttal(actor: Actor, debateId: string, nodeId: string) {
  const access = await requireAccess(debateId, actor, "debate:read");
  const rebuttal = await db().node.findFirst({
    where: { id: nodeId, debateId },
    select: { kind: true, authorId: true, retractedAt: true, acceptedAt: true, resolutionMode: true, outcome: true, parent: { select: { authorId: true } } },
  });
  if (!rebuttal) throw notFound("No such node in this debate");
  if (rebuttal.kind !== "REBUTTAL" || !rebuttal.parent) throw new AppError("BAD_REQUEST", "Only rebuttals can be accepted");
  assertCan(
    "node:accept-rebuttal",
    permissionContext(access, { target: { authorId: rebuttal.authorId, kind: rebuttal.kind, parentAuthorId: rebuttal.parent.authorId } }),
  );
  if (rebuttal.retractedAt) throw conflict("A retracted rebuttal cannot be accepted");
  if (refutedByEvidence(rebuttal)) throw conflict(REFUTED_REBUTTAL_MESSAGE);
  return db().$transaction(async (tx) => {
    // The outcome is checked again in the update: a resolution landing meanwhile wins.
    const { count } = await tx.node.updateMany({
      where: { id: nodeId, debateId, acceptedAt: null, OR: [{ resolutionMode: { not: "EMPIRICAL" } }, { outcome: null }, { outcome: { not: "REFUTED" } }] },
      data: { acceptedAt: new Date(), acceptedById: actor.id },
    });
    if (count === 0) {
      const now = await tx.node.findUniqueOrThrow({ where: { id: nodeId }, select: { resolutionMode: true, outcome: true } });
      throw conflict(refutedByEvidence(now) ? REFUTED_REBUTTAL_MESSAGE : "This rebuttal is already accepted");
    }
    await recordEvent(tx, { debateId, actorId: actor.id, type: "node.accepted", nodeId });
  });
}

/** A node with its full history: revisions, prune timeline, experiment, predictions, resolutions. */
export async function getNodeDetail(actor: Actor | null, debateId: string, nodeId: string) {
  await requireAccess(debateId, actor, "debate:read");
  const node = await db().node.findFirst({
    where: { id: nodeId, debateId },
    select: {
      ...nodeSummarySelect,
      quoteText: true,
      quoteStart: true,
      quoteEnd: true,
      targetVersions: true,
      answersNodeIds: true,
      retractedAt: true,
      prunedAt: true,
      acceptedAt: true,
      resolutionMode: true,
      outcome: true,
      updatedAt: true,
      author: { select: { id: true, username: true, displayName: true } },
      version: { select: { number: true, body: true } },
      revisions: { select: { revision: true, editorId: true, title: true, body: true, createdAt: true }, orderBy: { revision: "asc" } },
      pruneEvents: {
        select: { id: true, action: true, category: true, reason: true, promise: true, duplicateOf: true, actorId: true, createdAt: true },
        orderBy: { createdAt: "asc" },
      },
      estimates: { select: { userId: true, promise: true, updatedAt: true } },
      experiment: true,
      predictions: { select: { userId: true, side: true, probability: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      resolutions: { select: { action: true, outcome: true, summary: true, evidence: true, actorId: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      cruxes: { select: { userId: true, side: true, createdAt: true } },
    },
  });
  if (!node) throw notFound("No such node in this debate");
  return {
    ...node,
    experiment: node.experiment && { ...node.experiment, links: storedLinks(node.experiment.links) },
    resolutions: node.resolutions.map((r) => ({ ...r, evidence: storedLinks(r.evidence) })),
  };
}

/** Full-text search inside one debate (PostgreSQL text search). */
export async function searchNodes(actor: Actor | null, debateId: string, q: string) {
  await requireAccess(debateId, actor, "debate:read");
  return searchDebateNodes(debateId, q);
}

async function requireNode(actor: Actor, debateId: string, nodeId: string, action: "node:edit" | "node:retract") {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  const node = await db().node.findFirst({
    where: { id: nodeId, debateId },
    select: { authorId: true, kind: true, title: true, body: true, createdAt: true, retractedAt: true, prunedAt: true, revision: true },
  });
  if (!node) throw notFound("No such node in this debate");
  assertCan(action, permissionContext(access, { target: { authorId: node.authorId, kind: node.kind } }));
  return node;
}

function fieldError(field: string, message: string) {
  return new AppError("VALIDATION", message, { details: { fieldErrors: { [field]: [message] } } });
}
