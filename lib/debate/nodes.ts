import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError, conflict, notFound } from "@/lib/errors";
import { enforce, rateRules } from "@/lib/auth/rate-limit";
import { recordEvent } from "@/lib/events/record";
import { loadAccess, permissionContext, requireAccess } from "@/lib/debate/access";
import { assertCan } from "@/lib/debate/permissions";
import type { CreateNodeInput } from "@/lib/debate/validation";
import { Prisma } from "@/lib/generated/prisma/client";

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

export async function createNode(actor: Actor, debateId: string, input: CreateNodeInput, options: { ip?: string } = {}) {
  const access = await requireAccess(debateId, actor, "node:create", { createKind: input.kind });
  // The owner without a membership row posts from the observer side (docs/permissions.md).
  const side = access.membership?.side ?? "OBSERVER";

  const [parent] = await Promise.all([
    db().node.findFirst({
      where: { id: input.parentId, debateId },
      select: { id: true, depth: true, body: true, kind: true },
    }),
    enforce(rateRules.movesPerUser, actor.id),
    // Per client address too, when TRUST_PROXY names the client ("direct" is everyone: a
    // shared bucket would let a few users throttle the whole site, so it is not counted).
    options.ip && options.ip !== "direct" ? enforce(rateRules.writesPerIp, options.ip) : undefined,
  ]);
  if (!parent) throw fieldError("parentId", "The parent node is not in this debate");
  if (input.quote && parent.body.slice(input.quote.start, input.quote.end) !== input.quote.text) {
    throw fieldError("quote", "The quoted passage does not match the text of the node replied to");
  }

  for (let attempt = 0; ; attempt++) {
    try {
      return await db().$transaction(async (tx) => {
        // Only counterexamples and patches depend on the current proposal version.
        const needsVersion = input.kind === "COUNTEREXAMPLE" || input.kind === "PATCH";
        const latest = needsVersion
          ? await tx.proposalVersion.findFirst({ where: { debateId }, orderBy: { number: "desc" }, select: { number: true } })
          : null;
        const currentVersion = latest?.number ?? 1;
        let targetVersions: number[] = [];
        let answersNodeIds: string[] = [];
        if (input.kind === "COUNTEREXAMPLE") {
          targetVersions = [...new Set(input.targetVersions ?? [currentVersion])].sort((a, b) => a - b);
          const bad = targetVersions.filter((v) => v > currentVersion);
          if (bad.length) throw fieldError("targetVersions", `No proposal version ${bad.join(", ")} exists yet`);
        }
        if (input.kind === "PATCH") {
          if (!input.proposal) throw fieldError("proposal", "A patch needs the full text of the new proposal version");
          answersNodeIds = [...new Set(input.answersNodeIds ?? [])];
          if (answersNodeIds.length) {
            const found = await tx.node.count({ where: { id: { in: answersNodeIds }, debateId, kind: "COUNTEREXAMPLE" } });
            if (found !== answersNodeIds.length) {
              throw fieldError("answersNodeIds", "A patch can only answer counterexamples of this debate");
            }
          }
        }
        const node = await tx.node.create({
          data: {
            debateId,
            parentId: parent.id,
            depth: parent.depth + 1,
            kind: input.kind,
            side,
            authorId: actor.id,
            title: input.title,
            body: input.body,
            quoteText: input.quote?.text ?? null,
            quoteStart: input.quote?.start ?? null,
            quoteEnd: input.quote?.end ?? null,
            targetVersions,
            answersNodeIds,
            ...(input.kind === "PATCH"
              ? { version: { create: { debateId, number: currentVersion + 1, body: input.proposal!, authorId: actor.id } } }
              : {}),
          },
          select: { ...nodeSummarySelect, version: input.kind === "PATCH" ? { select: { number: true } } : false },
        });
        await recordEvent(tx, {
          debateId,
          actorId: actor.id,
          type: "node.created",
          nodeId: node.id,
          payload: { kind: node.kind, side, parentId: parent.id, version: node.version?.number ?? null, targetVersions },
        });
        return { ...node, version: node.version ?? null };
      });
    } catch (error) {
      // Two patches raced for the same version number: recompute and retry once or twice.
      const raced = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (raced && attempt < 3) continue;
      throw error;
    }
  }
}

export async function editNode(actor: Actor, debateId: string, nodeId: string, input: { title?: string; body: string; revision: number }) {
  const node = await requireNode(actor, debateId, nodeId, "node:edit");
  if (node.retractedAt) throw conflict("A retracted node cannot be edited");
  // Counterexamples target proposal versions; the proposal changes only through patches.
  if (node.kind === "PROPOSAL") throw conflict("The proposal changes through patches: post a patch to create a new version");
  return db().$transaction(async (tx) => {
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
  if (node.kind === "PROPOSAL") throw new AppError("BAD_REQUEST", "The proposal itself cannot be retracted");
  return db().$transaction(async (tx) => {
    const { count } = await tx.node.updateMany({ where: { id: nodeId, debateId, retractedAt: null }, data: { retractedAt: new Date() } });
    if (count === 0) throw conflict("This node is already retracted");
    await recordEvent(tx, { debateId, actorId: actor.id, type: "node.retracted", nodeId });
  });
}

/** Accepting a rebuttal: a moderator, or the author of the node it rebuts, concedes it holds. */
export async function acceptRebuttal(actor: Actor, debateId: string, nodeId: string) {
  const access = await requireAccess(debateId, actor, "debate:read");
  const rebuttal = await db().node.findFirst({
    where: { id: nodeId, debateId },
    select: { kind: true, authorId: true, retractedAt: true, acceptedAt: true, parent: { select: { authorId: true } } },
  });
  if (!rebuttal) throw notFound("No such node in this debate");
  if (rebuttal.kind !== "REBUTTAL" || !rebuttal.parent) throw new AppError("BAD_REQUEST", "Only rebuttals can be accepted");
  assertCan(
    "node:accept-rebuttal",
    permissionContext(access, { target: { authorId: rebuttal.authorId, kind: rebuttal.kind, parentAuthorId: rebuttal.parent.authorId } }),
  );
  if (rebuttal.retractedAt) throw conflict("A retracted rebuttal cannot be accepted");
  return db().$transaction(async (tx) => {
    const { count } = await tx.node.updateMany({ where: { id: nodeId, debateId, acceptedAt: null }, data: { acceptedAt: new Date(), acceptedById: actor.id } });
    if (count === 0) throw conflict("This rebuttal is already accepted");
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
  return node;
}

/** Full-text search inside one debate (PostgreSQL text search). */
export async function searchNodes(actor: Actor | null, debateId: string, q: string) {
  await requireAccess(debateId, actor, "debate:read");
  return db().$queryRaw<{ id: string; kind: string; side: string; title: string; snippet: string; prunedAt: Date | null }[]>`
    SELECT n."id", n."kind"::text AS "kind", n."side"::text AS "side", n."title", n."prunedAt",
      ts_headline('simple', n."body", q, 'MaxFragments=1,MaxWords=24,MinWords=8,StartSel=«,StopSel=»') AS "snippet"
    FROM "Node" n, websearch_to_tsquery('simple', ${q}) q
    WHERE n."debateId" = ${debateId}
      AND to_tsvector('simple', n."title" || ' ' || n."body") @@ q
    ORDER BY ts_rank(to_tsvector('simple', n."title" || ' ' || n."body"), q) DESC, n."createdAt"
    LIMIT 50`;
}

async function requireNode(actor: Actor, debateId: string, nodeId: string, action: "node:edit" | "node:retract") {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  const node = await db().node.findFirst({
    where: { id: nodeId, debateId },
    select: { authorId: true, kind: true, title: true, body: true, createdAt: true, retractedAt: true, revision: true },
  });
  if (!node) throw notFound("No such node in this debate");
  assertCan(action, permissionContext(access, { target: { authorId: node.authorId, kind: node.kind } }));
  return node;
}

function fieldError(field: string, message: string) {
  return new AppError("VALIDATION", message, { details: { fieldErrors: { [field]: [message] } } });
}
