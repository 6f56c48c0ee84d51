// A DebateSource read from the database, for the streaming exporters.
//
// Memory stays bounded on a 100,000-node debate: only the skeleton
// (id, parent, createdAt) of every node is read up front, in keyset pages,
// and turned into a depth-first pre-order (iterative, O(n) whatever the depth;
// a recursive CTE with a sort path would hold O(n × depth) path arrays).
// Full nodes are then read in pre-order batches of ~2,000 ids: one query for
// the nodes and one UNION ALL query for the rows of all six related tables
// (revisions, prune events, experiment cards, predictions, resolutions, crux
// marks) of those ids, never one query per node; the next batch is
// prefetched while the exporter works through the current one.
//
// Access is NOT checked here: callers (exportDebateFor) check debate:read first.

import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DebateSource } from "@/lib/formats/source";
import type { Link, NodeRecord, Participant, ProposalVersionRecord, Side } from "@/lib/formats/document";
import { STUCK_AFTER_DAYS_DEFAULT } from "@/lib/formats/document";

export interface DebateSourceOptions {
  /** Export only this node's subtree (it must belong to the debate, else 404). */
  rootId?: string;
  /** Nodes per batch (default 2,000). */
  batchSize?: number;
  /** Skeleton rows per keyset page (default 5,000: bigger pages grow PGlite's WASM memory for good). */
  skeletonPageSize?: number;
}

interface Skeleton {
  /** Node ids in depth-first pre-order, root first. */
  order: string[];
  /** Every node id in scope (for dropping references that leave a subtree). */
  inScope: Set<string>;
  rootId: string;
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** Prisma Json links `[{label,url}]` → document links `[{url,title}]`; anything malformed is skipped. */
export function linksFromDb(value: unknown): Link[] {
  if (!Array.isArray(value)) return [];
  const out: Link[] = [];
  for (const item of value) {
    if (!item || typeof item !== "object") continue;
    const { url, label, title } = item as { url?: unknown; label?: unknown; title?: unknown };
    if (typeof url !== "string") continue;
    out.push({ url, title: typeof label === "string" ? label : typeof title === "string" ? title : "" });
  }
  return out;
}

/** Builds the source; throws 404 (AppError NOT_FOUND) for an unknown debate or a root outside it. */
export async function debateSource(debateId: string, options: DebateSourceOptions = {}): Promise<DebateSource> {
  const debate = await db().debate.findUnique({
    where: { id: debateId },
    select: { title: true, context: true, links: true, visibility: true, playMode: true, stuckAfterDays: true, createdAt: true, rootNodeId: true },
  });
  if (!debate) throw notFound("No such debate");
  const skeleton = await readSkeleton(debateId, debate.rootNodeId, options);
  const subtree = options.rootId !== undefined;
  const [participants, versions] = await Promise.all([readParticipants(debateId, subtree ? skeleton.rootId : undefined), readVersions(debateId, skeleton, subtree)]);
  return {
    debate: {
      title: debate.title,
      context: debate.context,
      links: linksFromDb(debate.links),
      visibility: debate.visibility,
      playMode: debate.playMode,
      // Absent means the default, so debates that keep it export as before.
      ...(debate.stuckAfterDays !== STUCK_AFTER_DAYS_DEFAULT ? { stuckAfterDays: debate.stuckAfterDays } : {}),
      createdAt: iso(debate.createdAt),
    },
    participants,
    versions,
    nodes: streamNodes(debateId, skeleton, subtree, options.batchSize ?? 2_000),
  };
}

// ---------- skeleton and order ----------

interface SkeletonRow {
  id: string;
  parentId: string | null;
  createdAt: Date;
}

async function readSkeleton(debateId: string, debateRootId: string | null, options: DebateSourceOptions): Promise<Skeleton> {
  const ids: string[] = [];
  const parents: (string | null)[] = [];
  if (options.rootId !== undefined) {
    // One recursive query for the branch (ids and parents only), in creation order.
    const rows = await db().$queryRaw<SkeletonRow[]>`
      WITH RECURSIVE branch AS (
        SELECT "id", "parentId", "createdAt" FROM "Node" WHERE "id" = ${options.rootId} AND "debateId" = ${debateId}
        UNION ALL
        SELECT c."id", c."parentId", c."createdAt" FROM "Node" c JOIN branch b ON c."parentId" = b."id" WHERE c."debateId" = ${debateId}
      )
      SELECT "id", "parentId", "createdAt" FROM branch ORDER BY "createdAt", "id"`;
    if (rows.length === 0) throw notFound("No such node in this debate");
    for (const r of rows) {
      ids.push(r.id);
      parents.push(r.id === options.rootId ? null : r.parentId);
    }
  } else {
    const pageSize = options.skeletonPageSize ?? 5_000;
    let after: SkeletonRow | null = null;
    for (;;) {
      const cursor: SkeletonRow | null = after;
      const rows: SkeletonRow[] = await db().$queryRaw<SkeletonRow[]>`
        SELECT "id", "parentId", "createdAt" FROM "Node"
        WHERE "debateId" = ${debateId}
          ${cursor ? Prisma.sql`AND ("createdAt", "id") > (${cursor.createdAt}, ${cursor.id})` : Prisma.empty}
        ORDER BY "createdAt", "id"
        LIMIT ${pageSize}`;
      for (const r of rows) {
        ids.push(r.id);
        parents.push(r.parentId);
      }
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1]!;
    }
    if (ids.length === 0) throw notFound("This debate has no nodes");
  }
  const rootId = options.rootId ?? debateRootId ?? ids[parents.indexOf(null)] ?? ids[0]!;
  return { order: preOrder(ids, parents, rootId), inScope: new Set(ids), rootId };
}

/**
 * Depth-first pre-order of nodes given in creation order (so siblings come out
 * by createdAt, id). Children lists are a CSR layout in typed arrays; the walk
 * is iterative. Nodes not reachable from the root are left out.
 */
export function preOrder(ids: readonly string[], parents: readonly (string | null)[], rootId: string): string[] {
  const n = ids.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(ids[i]!, i);
  const parentIndex = new Int32Array(n).fill(-1);
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = parents[i];
    const pi = p === null || p === undefined ? undefined : index.get(p);
    if (pi !== undefined && pi !== i) {
      parentIndex[i] = pi;
      childCount[pi]!++;
    }
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + childCount[i]!;
  const fill = start.slice(0, n);
  const children = new Int32Array(start[n]!);
  for (let i = 0; i < n; i++) {
    const p = parentIndex[i]!;
    if (p >= 0) children[fill[p]!++] = i;
  }
  const root = index.get(rootId);
  if (root === undefined) return [];
  const out: string[] = [];
  const seen = new Uint8Array(n);
  const stack = [root];
  while (stack.length) {
    const i = stack.pop()!;
    if (seen[i]) continue;
    seen[i] = 1;
    out.push(ids[i]!);
    for (let k = start[i + 1]! - 1; k >= start[i]!; k--) stack.push(children[k]!);
  }
  return out;
}

// ---------- participants and versions ----------

interface ParticipantRow {
  id: string;
  displayName: string;
  side: Side;
}

/** Everyone the exported nodes, versions and events refer to; side = membership side, else the side they first wrote on. */
async function readParticipants(debateId: string, rootId: string | undefined): Promise<Participant[]> {
  const scope = rootId
    ? Prisma.sql`WITH RECURSIVE scope AS (
        SELECT "id" FROM "Node" WHERE "id" = ${rootId} AND "debateId" = ${debateId}
        UNION ALL
        SELECT c."id" FROM "Node" c JOIN scope s ON c."parentId" = s."id" WHERE c."debateId" = ${debateId}
      )`
    : Prisma.sql`WITH scope AS (SELECT "id" FROM "Node" WHERE "debateId" = ${debateId})`;
  const rows = await db().$queryRaw<ParticipantRow[]>`
    ${scope},
    people AS (
      SELECT n."authorId" AS uid FROM "Node" n JOIN scope USING ("id")
      UNION SELECT n."acceptedById" FROM "Node" n JOIN scope USING ("id") WHERE n."acceptedById" IS NOT NULL
      UNION SELECT r."editorId" FROM "NodeRevision" r JOIN scope s ON r."nodeId" = s."id"
      UNION SELECT e."actorId" FROM "PruneEvent" e JOIN scope s ON e."nodeId" = s."id"
      UNION SELECT x."ownerId" FROM "ExperimentCard" x JOIN scope s ON x."nodeId" = s."id" WHERE x."ownerId" IS NOT NULL
      UNION SELECT p."userId" FROM "Prediction" p JOIN scope s ON p."nodeId" = s."id"
      UNION SELECT r."actorId" FROM "ResolutionEvent" r JOIN scope s ON r."nodeId" = s."id"
      UNION SELECT c."userId" FROM "CruxMark" c JOIN scope s ON c."nodeId" = s."id"
      UNION SELECT v."authorId" FROM "ProposalVersion" v JOIN scope s ON v."nodeId" = s."id"
    )
    SELECT u."id", u."displayName",
      COALESCE(
        m."side"::text,
        (SELECT n."side"::text FROM "Node" n WHERE n."debateId" = ${debateId} AND n."authorId" = u."id" ORDER BY n."createdAt", n."id" LIMIT 1),
        'OBSERVER'
      ) AS "side"
    FROM people JOIN "User" u ON u."id" = people.uid
    LEFT JOIN "Membership" m ON m."debateId" = ${debateId} AND m."userId" = u."id"
    ORDER BY u."displayName" COLLATE "C", u."createdAt", u."id"`;
  return rows.map((r) => ({ ref: r.id, displayName: r.displayName, side: r.side }));
}

async function readVersions(debateId: string, skeleton: Skeleton, subtree: boolean): Promise<ProposalVersionRecord[]> {
  const rows = await db().proposalVersion.findMany({
    where: { debateId },
    select: { number: true, body: true, nodeId: true, authorId: true, createdAt: true },
    orderBy: { number: "asc" },
  });
  return rows
    .filter((v) => !subtree || skeleton.inScope.has(v.nodeId))
    .map((v) => ({ number: v.number, body: v.body, nodeRef: v.nodeId, authorRef: v.authorId, createdAt: iso(v.createdAt) }));
}

// ---------- nodes in batches ----------

async function* streamNodes(debateId: string, skeleton: Skeleton, subtree: boolean, batchSize: number): AsyncGenerator<NodeRecord> {
  const { order } = skeleton;
  // References to nodes outside the export (another branch in a subtree export,
  // or a node since deleted) are dropped so the file always imports on its own.
  const keep = (ref: string) => skeleton.inScope.has(ref);
  let next: Promise<NodeRecord[]> | null = order.length ? readBatch(debateId, order.slice(0, batchSize), keep) : null;
  for (let at = 0; next; at += batchSize) {
    const current = await next;
    const following = at + batchSize;
    next = following < order.length ? readBatch(debateId, order.slice(following, following + batchSize), keep) : null;
    // Avoid an unhandled rejection if the consumer stops early while a prefetch fails.
    next?.catch(() => {});
    for (const node of current) {
      if (subtree && node.ref === skeleton.rootId) node.parentRef = null;
      yield node;
    }
  }
}

interface NodeRow {
  id: string; parentId: string | null; kind: NodeRecord["kind"]; side: Side; authorId: string; title: string; body: string;
  quoteText: string | null; quoteStart: number | null; quoteEnd: number | null; targetVersions: number[]; answersNodeIds: string[];
  retractedAt: Date | null; prunedAt: Date | null; acceptedAt: Date | null; acceptedById: string | null;
  resolutionMode: NodeRecord["resolutionMode"]; outcome: NodeRecord["outcome"]; createdAt: Date; updatedAt: Date;
}

/** One row of a related table, already shaped as its document record (t says which table). */
interface RelatedRow {
  t: "r" | "p" | "x" | "d" | "s" | "c";
  nodeId: string;
  v: unknown;
}

type Related = {
  revisions: NodeRecord["revisions"];
  pruneEvents: NodeRecord["pruneEvents"];
  experiment: NodeRecord["experiment"];
  predictions: NodeRecord["predictions"];
  resolutions: NodeRecord["resolutions"];
  cruxes: NodeRecord["cruxes"];
};

/** Raw json columns arrive parsed from some drivers and as text from others. */
const json = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);

// Timestamps exactly as Date#toISOString writes them (the columns are UTC timestamp(3)).
const ISO = Prisma.raw(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`);

/**
 * One batch: the nodes (one query), then every related row of those nodes from
 * all six tables in one UNION ALL query (the id array is sent once per query,
 * never one query per node).
 */
async function readBatch(debateId: string, ids: string[], keep: (ref: string) => boolean): Promise<NodeRecord[]> {
  const client = db();
  const [nodes, related] = await Promise.all([
    client.$queryRaw<NodeRow[]>`
      SELECT "id", "parentId", "kind"::text AS "kind", "side"::text AS "side", "authorId", "title", "body",
        "quoteText", "quoteStart", "quoteEnd", "targetVersions", "answersNodeIds", "retractedAt", "prunedAt", "acceptedAt",
        "acceptedById", "resolutionMode"::text AS "resolutionMode", "outcome"::text AS "outcome", "createdAt", "updatedAt"
      FROM "Node" WHERE "id" = ANY(${ids}::text[]) AND "debateId" = ${debateId}`,
    client.$queryRaw<RelatedRow[]>`
      WITH b AS (SELECT unnest(${ids}::text[]) AS "id")
      SELECT * FROM (
        SELECT 'r' AS t, r."nodeId", lpad(r."revision"::text, 10, '0') AS o,
          json_build_object('revision', r."revision", 'editorRef', r."editorId", 'title', r."title", 'body', r."body",
            'createdAt', to_char(r."createdAt", ${ISO})) AS v
        FROM "NodeRevision" r JOIN b ON r."nodeId" = b."id"
        UNION ALL
        SELECT 'p', e."nodeId", to_char(e."createdAt", ${ISO}) || e."id",
          json_build_object('action', e."action", 'category', e."category", 'reason', e."reason", 'promise', e."promise",
            'duplicateOfRef', e."duplicateOf", 'actorRef', e."actorId", 'createdAt', to_char(e."createdAt", ${ISO}))
        FROM "PruneEvent" e JOIN b ON e."nodeId" = b."id"
        UNION ALL
        SELECT 'x', x."nodeId", '',
          json_build_object('question', x."question", 'method', x."method", 'supportIf', x."supportIf", 'refuteIf', x."refuteIf",
            'ownerRef', x."ownerId", 'status', x."status", 'links', x."links",
            'createdAt', to_char(x."createdAt", ${ISO}), 'updatedAt', to_char(x."updatedAt", ${ISO}))
        FROM "ExperimentCard" x JOIN b ON x."nodeId" = b."id"
        UNION ALL
        SELECT 'd', p."nodeId", to_char(p."createdAt", ${ISO}) || p."id",
          json_build_object('userRef', p."userId", 'side', p."side", 'probability', p."probability", 'createdAt', to_char(p."createdAt", ${ISO}))
        FROM "Prediction" p JOIN b ON p."nodeId" = b."id"
        UNION ALL
        SELECT 's', s."nodeId", to_char(s."createdAt", ${ISO}) || s."id",
          json_build_object('action', s."action", 'outcome', s."outcome", 'summary', s."summary", 'evidence', s."evidence",
            'actorRef', s."actorId", 'createdAt', to_char(s."createdAt", ${ISO}))
        FROM "ResolutionEvent" s JOIN b ON s."nodeId" = b."id"
        UNION ALL
        SELECT 'c', c."nodeId", to_char(c."createdAt", ${ISO}) || c."userId",
          json_build_object('userRef', c."userId", 'side', c."side", 'createdAt', to_char(c."createdAt", ${ISO}))
        FROM "CruxMark" c JOIN b ON c."nodeId" = b."id"
      ) AS related
      ORDER BY t, o`,
  ]);
  const byNode = new Map<string, Related>();
  const entry = (nodeId: string) => {
    let e = byNode.get(nodeId);
    if (!e) byNode.set(nodeId, (e = { revisions: [], pruneEvents: [], experiment: null, predictions: [], resolutions: [], cruxes: [] }));
    return e;
  };
  for (const row of related) {
    const e = entry(row.nodeId);
    const v = json(row.v) as Record<string, unknown>;
    switch (row.t) {
      case "r":
        e.revisions.push(v as Related["revisions"][number]);
        break;
      case "p": {
        const event = v as Related["pruneEvents"][number];
        if (event.duplicateOfRef !== null && !keep(event.duplicateOfRef)) event.duplicateOfRef = null;
        e.pruneEvents.push(event);
        break;
      }
      case "x":
        e.experiment = { ...(v as NonNullable<Related["experiment"]>), links: linksFromDb(json(v.links)) };
        break;
      case "d":
        e.predictions.push({ ...(v as Related["predictions"][number]), probability: Number(v.probability) });
        break;
      case "s":
        e.resolutions.push({ ...(v as Related["resolutions"][number]), evidence: linksFromDb(json(v.evidence)) });
        break;
      case "c":
        e.cruxes.push(v as Related["cruxes"][number]);
        break;
    }
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const none: Related = { revisions: [], pruneEvents: [], experiment: null, predictions: [], resolutions: [], cruxes: [] };
  const out: NodeRecord[] = [];
  for (const id of ids) {
    const n = byId.get(id);
    if (!n) continue; // deleted between the skeleton read and this batch
    const r = byNode.get(id) ?? none;
    out.push({
      ref: n.id,
      parentRef: n.parentId,
      kind: n.kind,
      side: n.side,
      authorRef: n.authorId,
      title: n.title,
      body: n.body,
      quote: n.quoteText !== null ? { text: n.quoteText, start: n.quoteStart ?? 0, end: Math.max(n.quoteEnd ?? 0, n.quoteStart ?? 0) } : null,
      targetVersions: n.targetVersions,
      answersRefs: n.answersNodeIds.filter(keep),
      retractedAt: isoOrNull(n.retractedAt),
      prunedAt: isoOrNull(n.prunedAt),
      acceptedAt: isoOrNull(n.acceptedAt),
      acceptedByRef: n.acceptedById,
      resolutionMode: n.resolutionMode,
      outcome: n.outcome,
      createdAt: iso(n.createdAt),
      updatedAt: iso(n.updatedAt),
      revisions: r.revisions,
      pruneEvents: r.pruneEvents,
      experiment: r.experiment,
      predictions: r.predictions,
      resolutions: r.resolutions,
      cruxes: r.cruxes,
    });
  }
  return out;
}
