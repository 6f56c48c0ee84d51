import "server-only";
import { db, driverQuery, ISO_TIMESTAMP } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { AppError, conflict, notFound, unauthenticated } from "@/lib/domain/errors";
import { assertWithinLimit, bucketHitSql, rateRules, UNKNOWN_CLIENT } from "@/lib/server/auth/rate-limit";
import { newId } from "@/lib/server/db/ids";
import { eventCtes, notifyListenersSql, recordEvent } from "@/lib/server/events/record";
import { loadAccess, permissionContext, requireAccess, type DebateAccess } from "@/lib/server/debate/access";
import { draftMoveNotifications, type Draft } from "@/lib/server/notifications/create";
import type { NodeKind, Side } from "@/lib/domain/vocabulary";
import { assertCan } from "@/lib/domain/debate/permissions";
import { refutedByEvidence } from "@/lib/domain/debate/scoreboard";
import { quoteMatches } from "@/lib/domain/debate/quote";
import type { CreateNodeInput } from "@/lib/domain/debate/validation";
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
  const context = await readMoveContext(actor, debateId, input, answersNodeIds, ip);

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
        notifications,
        debateTitle: context.title,
      });
    } catch (error) {
      // Two patches raced for the same version number: the next attempt takes the next one.
      if (input.kind === "PATCH" && isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

interface MoveContext {
  id: string;
  title: string;
  visibility: DebateAccess["debate"]["visibility"];
  playMode: DebateAccess["debate"]["playMode"];
  ownerId: string;
  rootNodeId: string | null;
  inviteCode: string;
  memberRole: NonNullable<DebateAccess["membership"]>["role"] | null;
  memberSide: NonNullable<DebateAccess["membership"]>["side"] | null;
  parentId: string | null;
  parentDepth: number | null;
  parentAuthorId: string | null;
  parentTitle: string | null;
  /** The whole text when the move quotes it, else the start (for notification labels). */
  parentBody: string | null;
  /** JSON `[{number, authorId}]` of the proposal versions. */
  versions: string;
  answersFound: number;
  memberIds: string[];
  userHits: number;
  userResetAtMs: number;
  /** The general per-user write budget (rateRules.writesPerUser), counted here instead of in apiRoute. */
  writeHits: number;
  writeResetAtMs: number;
  ipHits: number | null;
  ipResetAtMs: number | null;
}

async function readMoveContext(actor: Actor, debateId: string, input: CreateNodeInput, answersNodeIds: string[], ip: string | undefined) {
  // id null: no such debate (the row still carries the rate-limit counts).
  const rows = await driverQuery<Omit<MoveContext, "id"> & { id: string | null }>(Prisma.sql`
    WITH user_bucket AS (${bucketHitSql(rateRules.movesPerUser, actor.id)}),
    write_bucket AS (${bucketHitSql(rateRules.writesPerUser, actor.id)}),
    ip_bucket AS (${ip ? bucketHitSql(rateRules.writesPerIp, ip) : Prisma.sql`SELECT NULL::int AS "count", NULL::float8 AS "resetAtMs"`})
    SELECT d."id", d."title", d."visibility"::text AS "visibility", d."playMode"::text AS "playMode", d."ownerId",
      d."rootNodeId", d."inviteCode", m."role"::text AS "memberRole", m."side"::text AS "memberSide",
      p."id" AS "parentId", p."depth" AS "parentDepth", p."authorId" AS "parentAuthorId", p."title" AS "parentTitle",
      ${input.quote ? Prisma.sql`p."body"` : Prisma.sql`left(p."body", 200)`} AS "parentBody",
      (SELECT coalesce(json_agg(json_build_object('number', v."number", 'authorId', v."authorId")), '[]'::json)::text
         FROM "ProposalVersion" v WHERE v."debateId" = d."id") AS "versions",
      ${answersNodeIds.length
        ? Prisma.sql`(SELECT count(*)::int FROM "Node" a WHERE a."id" = ANY(${answersNodeIds}::text[]) AND a."debateId" = d."id" AND a."kind" = 'COUNTEREXAMPLE')`
        : Prisma.sql`0`} AS "answersFound",
      ARRAY(SELECT mm."userId" FROM "Membership" mm WHERE mm."debateId" = d."id"
              AND (mm."userId" = p."authorId" OR mm."userId" IN (SELECT v."authorId" FROM "ProposalVersion" v WHERE v."debateId" = d."id"))) AS "memberIds",
      ub."count" AS "userHits", ub."resetAtMs" AS "userResetAtMs", wb."count" AS "writeHits", wb."resetAtMs" AS "writeResetAtMs", ib."count" AS "ipHits", ib."resetAtMs" AS "ipResetAtMs"
    FROM user_bucket ub
    CROSS JOIN write_bucket wb
    CROSS JOIN ip_bucket ib
    LEFT JOIN "Debate" d ON d."id" = ${debateId}
    LEFT JOIN "Membership" m ON m."debateId" = d."id" AND m."userId" = ${actor.id}
    LEFT JOIN "Node" p ON p."id" = ${input.parentId} AND p."debateId" = d."id"`,
    { prepared: true },
  );
  // The buckets always yield one row: limits are answered before anything about the debate,
  // as apiRoute does for other writes (every attempt counts, a made-up id too).
  const row = rows[0]!;
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

interface MoveWrite {
  debateId: string;
  actorId: string;
  input: CreateNodeInput;
  side: string;
  parentId: string;
  depth: number;
  targetVersions: number[];
  answersNodeIds: string[];
  notifications: Draft[];
  /** The notifications' snapshot of the debate's title (lib/server/notifications/create.ts). */
  debateTitle: string;
}

async function insertMove(w: MoveWrite) {
  const { debateId, actorId, input } = w;
  const nodeId = newId();
  const isPatch = input.kind === "PATCH";
  const [row] = await driverQuery<Omit<NodeSummary, "version" | "createdAt"> & { createdAt: string; versionNumber: number | null }>(Prisma.sql`
    WITH node AS (
      INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "title", "body",
                          "quoteText", "quoteStart", "quoteEnd", "targetVersions", "answersNodeIds", "createdAt", "updatedAt")
      VALUES (${nodeId}, ${debateId}, ${w.parentId}, ${w.depth}, ${input.kind}::"NodeKind", ${w.side}::"Side", ${actorId},
              ${input.title}, ${input.body}, ${input.quote?.text ?? null}, ${input.quote?.start ?? null}::int, ${input.quote?.end ?? null}::int,
              ${w.targetVersions}::int[], ${w.answersNodeIds}::text[], now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
      RETURNING "id", "debateId", "parentId", "depth", "kind"::text AS "kind", "side"::text AS "side", "authorId",
                "title", "body", "revision", to_char("createdAt", ${ISO_TIMESTAMP}) AS "createdAt"
    ), version AS (
      INSERT INTO "ProposalVersion" ("id", "debateId", "number", "body", "nodeId", "authorId", "createdAt")
      SELECT ${newId()}, ${debateId}, coalesce(max(v."number"), 0) + 1, ${input.proposal ?? ""}, ${nodeId}, ${actorId}, now() AT TIME ZONE 'UTC'
      FROM "ProposalVersion" v WHERE v."debateId" = ${debateId}
      HAVING ${isPatch}::boolean
      RETURNING "number"
    ), ${eventCtes({
      debateId,
      actorId,
      type: "node.created",
      nodeId: Prisma.sql`${nodeId}`,
      payload: Prisma.sql`jsonb_build_object('kind', ${input.kind}::text, 'side', ${w.side}::text, 'parentId', ${w.parentId}::text,
        'version', (SELECT "number" FROM version), 'targetVersions', to_jsonb(${w.targetVersions}::int[]))`,
    })}, notifications AS (
      INSERT INTO "Notification" ("id", "userId", "debateId", "eventSeq", "type", "nodeId", "message", "debateTitle", "createdAt")
      SELECT r."id", r."userId", ${debateId}, event."seq", r."type", ${nodeId}, r."message", ${w.debateTitle}, now() AT TIME ZONE 'UTC'
      FROM event, json_to_recordset(${JSON.stringify(w.notifications.map((n) => ({ id: newId(), ...n })))}::json)
        AS r("id" text, "userId" text, "type" text, "message" text)
      RETURNING 1
    )
    SELECT node.*, (SELECT "number" FROM version) AS "versionNumber"
    FROM node, event ${notifyListenersSql(debateId)}`,
    { prepared: true },
  );
  const { versionNumber, createdAt, ...node } = row!;
  return { ...node, createdAt: new Date(createdAt), version: versionNumber === null ? null : { number: versionNumber } };
}

type NodeSummary = {
  id: string;
  debateId: string;
  parentId: string | null;
  depth: number;
  kind: NodeKind;
  side: Side;
  authorId: string;
  title: string;
  body: string;
  revision: number;
  createdAt: Date;
  version: { number: number } | null;
};

/** A unique-constraint violation (SQLSTATE 23505), as pg and PGlite report it. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "23505";
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
