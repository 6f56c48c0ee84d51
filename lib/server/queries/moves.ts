import "server-only";
import { driverQuery, ISO_TIMESTAMP } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { NodeKind, Side } from "@/lib/generated/prisma/enums";
import { bucketOf, rateRules } from "@/lib/server/auth/rate-limit";
import { bucketHitSql } from "@/lib/server/queries/rate-limits";
import { newId } from "@/lib/server/db/ids";
import { eventCtes, notifyListenersSql } from "@/lib/server/queries/events";
import { isMove } from "@/lib/server/events/record";
import type { DebateAccess } from "@/lib/server/debate/access";
import type { CreateNodeInput } from "@/lib/domain/debate/validation";
import type { Draft } from "@/lib/domain/notifications/drafts";

// A move's two statements (lib/server/debate/nodes.ts createNode; docs/decisions/006),
// each with its row type next to it. Both are prepared: they are the API's hottest path.

export interface MoveContext {
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
  /** How many of the patch's answersClassIds are classes of this debate. */
  classesFound: number;
  /** JSON `[{authorId, title, body, className}]`: the counterexamples in the classes the patch answers. */
  classMembers: string;
  memberIds: string[];
  userHits: number;
  userResetAtMs: number;
  /** The general per-user write budget (rateRules.writesPerUser), counted here instead of in apiRoute. */
  writeHits: number;
  writeResetAtMs: number;
  ipHits: number | null;
  ipResetAtMs: number | null;
}

/** The context row; id null: no such debate (the row still carries the rate-limit counts). */
export type MoveContextRow = Omit<MoveContext, "id"> & { id: string | null };

/** Counts the rate-limit hits and reads everything a move's checks need, in one statement. */
export async function readMoveContextRow(
  actor: { id: string },
  debateId: string,
  input: CreateNodeInput,
  answersNodeIds: string[],
  ip: string | undefined,
  answersClassIds: string[] = [],
): Promise<MoveContextRow> {
  const rows = await driverQuery<MoveContextRow>(Prisma.sql`
    WITH user_bucket AS (${bucketHitSql(bucketOf(rateRules.movesPerUser, actor.id))}),
    write_bucket AS (${bucketHitSql(bucketOf(rateRules.writesPerUser, actor.id))}),
    ip_bucket AS (${ip ? bucketHitSql(bucketOf(rateRules.writesPerIp, ip)) : Prisma.sql`SELECT NULL::int AS "count", NULL::float8 AS "resetAtMs"`})
    SELECT d."id", d."title", d."visibility"::text AS "visibility", d."playMode"::text AS "playMode", d."ownerId",
      d."rootNodeId", d."inviteCode", m."role"::text AS "memberRole", m."side"::text AS "memberSide",
      p."id" AS "parentId", p."depth" AS "parentDepth", p."authorId" AS "parentAuthorId", p."title" AS "parentTitle",
      ${input.quote ? Prisma.sql`p."body"` : Prisma.sql`left(p."body", 200)`} AS "parentBody",
      (SELECT coalesce(json_agg(json_build_object('number', v."number", 'authorId', v."authorId")), '[]'::json)::text
         FROM "ProposalVersion" v WHERE v."debateId" = d."id") AS "versions",
      ${answersNodeIds.length
        ? Prisma.sql`(SELECT count(*)::int FROM "Node" a WHERE a."id" = ANY(${answersNodeIds}::text[]) AND a."debateId" = d."id" AND a."kind" = 'COUNTEREXAMPLE')`
        : Prisma.sql`0`} AS "answersFound",
      ${answersClassIds.length
        ? Prisma.sql`(SELECT count(*)::int FROM "CounterexampleClass" k WHERE k."id" = ANY(${answersClassIds}::text[]) AND k."debateId" = d."id")`
        : Prisma.sql`0`} AS "classesFound",
      ${answersClassIds.length
        ? Prisma.sql`(SELECT coalesce(json_agg(json_build_object('authorId', cn."authorId", 'title', cn."title", 'body', left(cn."body", 200), 'className', k."name")
              ORDER BY cm."createdAt"), '[]'::json)::text
            FROM "ClassMembership" cm JOIN "CounterexampleClass" k ON k."id" = cm."classId" JOIN "Node" cn ON cn."id" = cm."nodeId"
            WHERE k."id" = ANY(${answersClassIds}::text[]) AND k."debateId" = d."id")`
        : Prisma.sql`'[]'`} AS "classMembers",
      ARRAY(SELECT mm."userId" FROM "Membership" mm WHERE mm."debateId" = d."id"
              AND (mm."userId" = p."authorId" OR mm."userId" IN (SELECT v."authorId" FROM "ProposalVersion" v WHERE v."debateId" = d."id")
              ${answersClassIds.length
                ? Prisma.sql`OR mm."userId" IN (SELECT cn."authorId" FROM "ClassMembership" cm JOIN "Node" cn ON cn."id" = cm."nodeId" WHERE cm."classId" = ANY(${answersClassIds}::text[]))`
                : Prisma.empty})) AS "memberIds",
      ub."count" AS "userHits", ub."resetAtMs" AS "userResetAtMs", wb."count" AS "writeHits", wb."resetAtMs" AS "writeResetAtMs", ib."count" AS "ipHits", ib."resetAtMs" AS "ipResetAtMs"
    FROM user_bucket ub
    CROSS JOIN write_bucket wb
    CROSS JOIN ip_bucket ib
    LEFT JOIN "Debate" d ON d."id" = ${debateId} AND d."importingSince" IS NULL
    LEFT JOIN "Membership" m ON m."debateId" = d."id" AND m."userId" = ${actor.id}
    LEFT JOIN "Node" p ON p."id" = ${input.parentId} AND p."debateId" = d."id"`,
    { prepared: true },
  );
  // The buckets always yield one row.
  return rows[0]!;
}

export interface MoveWrite {
  debateId: string;
  actorId: string;
  input: CreateNodeInput;
  side: string;
  parentId: string;
  depth: number;
  targetVersions: number[];
  answersNodeIds: string[];
  /** Patches: the classes answered as a whole (checked to be this debate's). */
  answersClassIds?: string[];
  notifications: Draft[];
  /** The notifications' snapshot of the debate's title (lib/domain/notifications/drafts.ts). */
  debateTitle: string;
}

export type NodeSummary = {
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

export type InsertedMoveRow = Omit<NodeSummary, "version" | "createdAt"> & { createdAt: string; versionNumber: number | null };

/**
 * Writes the node, a patch's version, the event, lastMoveAt, the notifications and
 * the listener notify in one statement (atomic without a transaction).
 */
export async function insertMoveRow(w: MoveWrite): Promise<InsertedMoveRow> {
  const { debateId, actorId, input } = w;
  const nodeId = newId();
  const isPatch = input.kind === "PATCH";
  const [row] = await driverQuery<InsertedMoveRow>(Prisma.sql`
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
    ), class_answers AS (
      INSERT INTO "PatchClassAnswer" ("patchId", "classId")
      SELECT node."id", k FROM node, unnest(${w.answersClassIds ?? []}::text[]) AS k
      RETURNING 1
    ), ${eventCtes({
      debateId,
      actorId,
      type: "node.created",
      bumpsLastMove: isMove("node.created"),
      nodeId: Prisma.sql`${nodeId}`,
      payload: Prisma.sql`jsonb_build_object('kind', ${input.kind}::text, 'side', ${w.side}::text, 'parentId', ${w.parentId}::text,
        'version', (SELECT "number" FROM version), 'targetVersions', to_jsonb(${w.targetVersions}::int[]), 'answersClassIds', to_jsonb(${w.answersClassIds ?? []}::text[]))`,
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
  return row!;
}
