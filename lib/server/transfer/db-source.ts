// A DebateSource read from the database, for the streaming exporters.
//
// Memory stays bounded on a 100,000-node debate: only the skeleton
// (id, parent, createdAt) of every node is read up front, in keyset pages,
// and turned into a depth-first pre-order (iterative, O(n) whatever the depth;
// a recursive CTE with a sort path would hold O(n × depth) path arrays).
// Full nodes are then read in pre-order batches of ~2,000 ids: one query for
// the nodes and, only for the batch's nodes that have any, one UNION ALL query
// for the rows of the six related tables (revisions, prune events, experiment
// cards, predictions, resolutions, crux marks), never one query per node. Which
// nodes have related rows comes from the one references query that also finds
// the participants. The next batch is prefetched while the exporter works
// through the current one.
//
// Access is NOT checked here: callers (exportDebateFor) check debate:read first.

import "server-only";

import { db, driverQuery, driverRows, ISO_TIMESTAMP } from "@/lib/server/db/client";
import { nodeSubtreeCte } from "@/lib/server/queries/tree";
import { notFound } from "@/lib/domain/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DebateSource } from "@/lib/formats/source";
import type { CounterexampleClassRecord, Link, NodeLinkRecord, NodeRecord, Participant, ProposalVersionRecord, Side } from "@/lib/formats/document";
import { STUCK_AFTER_DAYS_DEFAULT } from "@/lib/formats/document";
import { readCruxSections } from "@/lib/server/transfer/crux-sections";

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
  /** Node authors and rebuttal acceptors in scope, each with the side of their first node in scope. */
  nodePeople: Map<string, Side | null>;
}

const iso = (d: Date) => d.toISOString();

/** Prisma Json links `[{label,url}]` → document links `[{url,title}]`; anything malformed is skipped. */
function linksFromDb(value: unknown): Link[] {
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
    select: {
      title: true, context: true, links: true, visibility: true, playMode: true, stuckAfterDays: true, createdAt: true, rootNodeId: true,
      brokenRule: true, brokenThreshold: true,
    },
  });
  if (!debate) throw notFound("No such debate");
  const skeleton = await readSkeleton(debateId, debate.rootNodeId, options);
  const subtree = options.rootId !== undefined;
  const [references, versions, links, weighing, sections] = await Promise.all([
    readReferences(debateId),
    readVersions(debateId, skeleton, subtree),
    readLinks(debateId, skeleton),
    readClassData(debateId, skeleton),
    readCruxSections(debateId, subtree ? skeleton.inScope : null),
  ]);
  const participants = await readParticipants(debateId, skeleton, references, subtree, [...links.map((l) => l.authorRef), ...weighing.people, ...sections.people]);
  // Most nodes have no related rows: batches skip them (and the query when none has any).
  const withRelated = new Set(references.filter((r) => r.related).map((r) => r.nodeId));
  return {
    debate: {
      title: debate.title,
      context: debate.context,
      links: linksFromDb(debate.links),
      visibility: debate.visibility,
      playMode: debate.playMode,
      // Absent means the default, so debates that keep it export as before.
      ...(debate.stuckAfterDays !== STUCK_AFTER_DAYS_DEFAULT ? { stuckAfterDays: debate.stuckAfterDays } : {}),
      // The broken rule only when it is not the default (ANY_LIVE, 50), like stuckAfterDays.
      ...(debate.brokenRule !== "ANY_LIVE" || debate.brokenThreshold !== 50 ? { brokenRule: debate.brokenRule, brokenThreshold: debate.brokenThreshold } : {}),
      createdAt: iso(debate.createdAt),
    },
    participants,
    versions,
    links,
    ...(weighing.classes.length ? { classes: weighing.classes } : {}),
    ...(sections.cruxLedger.length ? { cruxLedger: sections.cruxLedger } : {}),
    ...(sections.summaries.length ? { summaries: sections.summaries } : {}),
    ...(sections.rounds.length ? { rounds: sections.rounds } : {}),
    nodes: withClassData(streamNodes(debateId, skeleton, withRelated, subtree, options.batchSize ?? 2_000), weighing),
  };
}

// ---------- counterexample classes and weights ----------

type Estimate = NonNullable<NodeRecord["plausibilityEstimates"]>[number];
interface ClassData {
  classes: CounterexampleClassRecord[];
  classOf: Map<string, string>;
  answersOf: Map<string, string[]>;
  estimatesOf: Map<string, Estimate[]>;
  /** Class creators and estimators, for the participants. */
  people: string[];
}

/** The debate's classes (all of them: class refs stay valid in a branch), and the class rows of the exported nodes. */
async function readClassData(debateId: string, skeleton: Skeleton): Promise<ClassData> {
  const [classes, memberships, answers, estimates] = await Promise.all([
    db().counterexampleClass.findMany({ where: { debateId }, select: { id: true, name: true, description: true, createdById: true, createdAt: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db().classMembership.findMany({ where: { class: { debateId } }, select: { nodeId: true, classId: true } }),
    db().patchClassAnswer.findMany({ where: { class: { debateId } }, select: { patchId: true, classId: true }, orderBy: [{ patchId: "asc" }, { classId: "asc" }] }),
    db().plausibilityEstimate.findMany({
      where: { node: { debateId } },
      select: { nodeId: true, userId: true, side: true, plausibility: true, severity: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  const inScope = (id: string) => skeleton.inScope.has(id);
  const answersOf = new Map<string, string[]>();
  for (const a of answers) if (inScope(a.patchId)) answersOf.set(a.patchId, [...(answersOf.get(a.patchId) ?? []), a.classId]);
  const estimatesOf = new Map<string, Estimate[]>();
  for (const e of estimates) {
    if (!inScope(e.nodeId)) continue;
    estimatesOf.set(e.nodeId, [...(estimatesOf.get(e.nodeId) ?? []), { userRef: e.userId, side: e.side, plausibility: e.plausibility, severity: e.severity, createdAt: iso(e.createdAt) }]);
  }
  return {
    classes: classes.map((c) => ({ ref: c.id, name: c.name, description: c.description, createdByRef: c.createdById, createdAt: iso(c.createdAt) })),
    classOf: new Map(memberships.filter((m) => inScope(m.nodeId)).map((m) => [m.nodeId, m.classId])),
    answersOf,
    estimatesOf,
    people: [...classes.map((c) => c.createdById), ...[...estimatesOf.values()].flat().map((e) => e.userRef)],
  };
}

async function* withClassData(nodes: AsyncIterable<NodeRecord>, data: ClassData): AsyncGenerator<NodeRecord> {
  for await (const node of nodes) {
    const classRef = data.classOf.get(node.ref);
    const answersClassRefs = data.answersOf.get(node.ref);
    const plausibilityEstimates = data.estimatesOf.get(node.ref);
    yield classRef || answersClassRefs || plausibilityEstimates ? { ...node, ...(classRef ? { classRef } : {}), ...(answersClassRefs ? { answersClassRefs } : {}), ...(plausibilityEstimates ? { plausibilityEstimates } : {}) } : node;
  }
}

// ---------- skeleton and order ----------

interface SkeletonRow {
  id: string;
  parentId: string | null;
  authorId: string;
  side: Side;
  acceptedById: string | null;
  /** createdAt as text, for the keyset. */
  cursorAt: string;
}

const skeletonColumns = (alias: string) =>
  // (The text timestamp gets its own name: ORDER BY "createdAt" must mean the column, not this text.)
  Prisma.raw(`${alias}."id", ${alias}."parentId", ${alias}."authorId", ${alias}."side"::text AS "side", ${alias}."acceptedById", ${alias}."createdAt"::text AS "cursorAt"`);
const skeletonOrder = Prisma.sql`bulk."cursorAt"::timestamp, bulk."id"`;

async function readSkeleton(debateId: string, debateRootId: string | null, options: DebateSourceOptions): Promise<Skeleton> {
  const ids: string[] = [];
  const parents: (string | null)[] = [];
  const nodePeople = new Map<string, Side | null>();
  const take = (rows: SkeletonRow[]) => {
    for (const { id, parentId, authorId, side, acceptedById } of rows) {
      ids.push(id);
      parents.push(id === options.rootId ? null : parentId);
      if (!nodePeople.has(authorId) || nodePeople.get(authorId) === null) nodePeople.set(authorId, side);
      if (acceptedById !== null && !nodePeople.has(acceptedById)) nodePeople.set(acceptedById, null);
    }
  };
  if (options.rootId !== undefined) {
    // One recursive query for the branch, in creation order.
    take(
      await driverRows<SkeletonRow>(
        Prisma.sql`
          WITH RECURSIVE ${nodeSubtreeCte(debateId, options.rootId)}
          SELECT ${skeletonColumns("n")} FROM branch JOIN "Node" n USING ("id") ORDER BY n."createdAt", n."id"`,
        skeletonOrder,
      ),
    );
    if (ids.length === 0) throw notFound("No such node in this debate");
  } else {
    // Keyset pages: one huge result would grow PGlite's WASM memory for good.
    const pageSize = options.skeletonPageSize ?? 5_000;
    let after: SkeletonRow | null = null;
    for (;;) {
      const cursor: SkeletonRow | null = after;
      const rows: SkeletonRow[] = await driverRows<SkeletonRow>(
        Prisma.sql`
          SELECT ${skeletonColumns(`"Node"`)} FROM "Node"
          WHERE "debateId" = ${debateId}
            ${cursor ? Prisma.sql`AND ("createdAt", "id") > (${cursor.cursorAt}::timestamp, ${cursor.id})` : Prisma.empty}
          ORDER BY "Node"."createdAt", "Node"."id"
          LIMIT ${pageSize}`,
        skeletonOrder,
      );
      take(rows);
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1]!;
    }
    if (ids.length === 0) throw notFound("This debate has no nodes");
  }
  const rootId = options.rootId ?? debateRootId ?? ids[parents.indexOf(null)] ?? ids[0]!;
  return { order: preOrder(ids, parents, rootId), inScope: new Set(ids), rootId, nodePeople };
}

/**
 * Depth-first pre-order of nodes given in creation order (so siblings come out
 * by createdAt, id). Children lists are a CSR layout in typed arrays; the walk
 * is iterative. Nodes not reachable from the root are left out.
 */
function preOrder(ids: readonly string[], parents: readonly (string | null)[], rootId: string): string[] {
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

interface Reference {
  nodeId: string;
  /** null for an experiment card without an owner. */
  userId: string | null;
  /** From one of the six related tables the batches read (false: a proposal version). */
  related: boolean;
}

/** Every (node, person) pair the debate's related rows and proposal versions hold, in one query. */
function readReferences(debateId: string): Promise<Reference[]> {
  return driverRows<Reference>(
    Prisma.sql`
      SELECT r."nodeId", r."editorId" AS "userId", true AS "related" FROM "NodeRevision" r JOIN "Node" n ON n."id" = r."nodeId" WHERE n."debateId" = ${debateId}
      UNION SELECT e."nodeId", e."actorId", true FROM "PruneEvent" e WHERE e."debateId" = ${debateId}
      UNION SELECT x."nodeId", x."ownerId", true FROM "ExperimentCard" x JOIN "Node" n ON n."id" = x."nodeId" WHERE n."debateId" = ${debateId}
      UNION SELECT p."nodeId", p."userId", true FROM "Prediction" p JOIN "Node" n ON n."id" = p."nodeId" WHERE n."debateId" = ${debateId}
      UNION SELECT s."nodeId", s."actorId", true FROM "ResolutionEvent" s JOIN "Node" n ON n."id" = s."nodeId" WHERE n."debateId" = ${debateId}
      UNION SELECT c."nodeId", c."userId", true FROM "CruxMark" c JOIN "Node" n ON n."id" = c."nodeId" WHERE n."debateId" = ${debateId}
      UNION SELECT v."nodeId", v."authorId", false FROM "ProposalVersion" v WHERE v."debateId" = ${debateId}`,
  );
}

/**
 * Everyone the exported nodes, versions and events refer to; side = membership
 * side, else the side they first wrote on in the debate, else observer. Node
 * authors come from the skeleton, everyone else from the references; one query
 * reads their names.
 */
async function readParticipants(
  debateId: string,
  skeleton: Skeleton,
  references: readonly Reference[],
  subtree: boolean,
  extraPeople: readonly string[],
): Promise<Participant[]> {
  const people = new Set([...skeleton.nodePeople.keys(), ...extraPeople]);
  for (const { nodeId, userId } of references) if (userId !== null && skeleton.inScope.has(nodeId)) people.add(userId);
  // A whole-debate skeleton knows everyone's first side; a branch's does not, so the database looks it up.
  const rows = await driverQuery<[string, string, Side | null]>(
    Prisma.sql`
      SELECT u."id", u."displayName",
        COALESCE(m."side"::text, ${subtree
          ? Prisma.sql`(SELECT n."side"::text FROM "Node" n WHERE n."debateId" = ${debateId} AND n."authorId" = u."id" ORDER BY n."createdAt", n."id" LIMIT 1)`
          : Prisma.sql`NULL`})
      FROM "User" u
      LEFT JOIN "Membership" m ON m."debateId" = ${debateId} AND m."userId" = u."id"
      WHERE u."id" = ANY(${[...people]}::text[])
      ORDER BY u."displayName" COLLATE "C", u."createdAt", u."id"`,
    { rowMode: "array" },
  );
  return rows.map(([id, displayName, side]) => ({ ref: id, displayName, side: side ?? skeleton.nodePeople.get(id) ?? "OBSERVER" }));
}

/** The debate's cross-links whose two ends are both exported (a branch keeps only its inner links). */
async function readLinks(debateId: string, skeleton: Skeleton): Promise<NodeLinkRecord[]> {
  const rows = await db().nodeLink.findMany({
    where: { debateId },
    select: { fromNodeId: true, toNodeId: true, type: true, authorId: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows
    .filter((l) => skeleton.inScope.has(l.fromNodeId) && skeleton.inScope.has(l.toNodeId))
    .map((l) => ({ fromRef: l.fromNodeId, toRef: l.toNodeId, type: l.type, authorRef: l.authorId, createdAt: iso(l.createdAt) }));
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

const YIELD_EVERY_NODES = 250;

async function* streamNodes(
  debateId: string,
  skeleton: Skeleton,
  withRelated: ReadonlySet<string>,
  subtree: boolean,
  batchSize: number,
): AsyncGenerator<NodeRecord> {
  const { order } = skeleton;
  // References to nodes outside the export (another branch in a subtree export,
  // or a node since deleted) are dropped so the file always imports on its own.
  const keep = (ref: string) => skeleton.inScope.has(ref);
  const read = (from: number) => readBatch(debateId, order.slice(from, from + batchSize), withRelated, keep);
  let next: Promise<NodeRecord[]> | null = order.length ? read(0) : null;
  for (let at = 0; next; at += batchSize) {
    const current = await next;
    const following = at + batchSize;
    next = following < order.length ? read(following) : null;
    // Avoid an unhandled rejection if the consumer stops early while a prefetch fails.
    next?.catch(() => {});
    for (let i = 0; i < current.length; i++) {
      const node = current[i]!;
      if (subtree && node.ref === skeleton.rootId) node.parentRef = null;
      yield node;
      // The exporter formats each node as it is yielded, on this thread: a turn of the event
      // loop every few hundred nodes lets other requests in (#17: GET / during a 100,000-node export).
      if (i % YIELD_EVERY_NODES === YIELD_EVERY_NODES - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Timestamps arrive as ISO text (ISO_TIMESTAMP), so both drivers give the same strings. */
interface NodeRow {
  id: string; parentId: string | null; kind: NodeRecord["kind"]; side: Side; authorId: string; title: string; body: string;
  quoteText: string | null; quoteStart: number | null; quoteEnd: number | null; targetVersions: number[]; answersNodeIds: string[];
  retractedAt: string | null; prunedAt: string | null; acceptedAt: string | null; acceptedById: string | null;
  resolutionMode: NodeRecord["resolutionMode"]; outcome: NodeRecord["outcome"]; createdAt: string; updatedAt: string;
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


/**
 * One batch: the nodes (one query), then every related row of those of them that
 * have any, from all six tables in one UNION ALL query (skipped when none has).
 * Each table is filtered with `"nodeId" = ANY(ids)` so it is read through its
 * nodeId index, not scanned whole for every batch. Both go straight through the
 * driver: Prisma's row mapping was a third of the export's time (docs/decisions/006).
 */
async function readBatch(debateId: string, ids: string[], withRelated: ReadonlySet<string>, keep: (ref: string) => boolean): Promise<NodeRecord[]> {
  const relatedIds = ids.filter((id) => withRelated.has(id));
  const [nodes, related] = await Promise.all([
    driverRows<NodeRow>(Prisma.sql`
      SELECT "id", "parentId", "kind"::text AS "kind", "side"::text AS "side", "authorId", "title", "body",
        "quoteText", "quoteStart", "quoteEnd", "targetVersions", "answersNodeIds",
        to_char("retractedAt", ${ISO_TIMESTAMP}) AS "retractedAt", to_char("prunedAt", ${ISO_TIMESTAMP}) AS "prunedAt",
        to_char("acceptedAt", ${ISO_TIMESTAMP}) AS "acceptedAt", "acceptedById", "resolutionMode"::text AS "resolutionMode",
        "outcome"::text AS "outcome", to_char("createdAt", ${ISO_TIMESTAMP}) AS "createdAt", to_char("updatedAt", ${ISO_TIMESTAMP}) AS "updatedAt"
      FROM "Node" WHERE "id" = ANY(${ids}::text[]) AND "debateId" = ${debateId}`),
    relatedIds.length === 0 ? Promise.resolve([]) : readRelated(relatedIds),
  ]);
  const byNode = new Map<string, Related>();
  const entry = (nodeId: string) => {
    let e = byNode.get(nodeId);
    if (!e) byNode.set(nodeId, (e = { revisions: [], pruneEvents: [], experiment: null, predictions: [], resolutions: [], cruxes: [] }));
    return e;
  };
  for (const row of related) {
    const e = entry(row.nodeId);
    const v = row.v as Record<string, unknown>;
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
        e.experiment = { ...(v as NonNullable<Related["experiment"]>), links: linksFromDb(v.links) };
        break;
      case "d":
        e.predictions.push({ ...(v as Related["predictions"][number]), probability: Number(v.probability) });
        break;
      case "s":
        e.resolutions.push({ ...(v as Related["resolutions"][number]), evidence: linksFromDb(v.evidence) });
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
      retractedAt: n.retractedAt,
      prunedAt: n.prunedAt,
      acceptedAt: n.acceptedAt,
      acceptedByRef: n.acceptedById,
      resolutionMode: n.resolutionMode,
      outcome: n.outcome,
      createdAt: n.createdAt,
      updatedAt: n.updatedAt,
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

/** The rows of the six related tables for these nodes, each shaped as its document record, ordered by table then time. */
function readRelated(ids: string[]): Promise<RelatedRow[]> {
  return driverRows<RelatedRow>(
    Prisma.sql`
    SELECT * FROM (
      SELECT 'r' AS t, r."nodeId", lpad(r."revision"::text, 10, '0') AS o,
        json_build_object('revision', r."revision", 'editorRef', r."editorId", 'title', r."title", 'body', r."body",
          'createdAt', to_char(r."createdAt", ${ISO_TIMESTAMP})) AS v
      FROM "NodeRevision" r WHERE r."nodeId" = ANY(${ids}::text[])
      UNION ALL
      SELECT 'p', e."nodeId", to_char(e."createdAt", ${ISO_TIMESTAMP}) || e."id",
        json_build_object('action', e."action", 'category', e."category", 'reason', e."reason", 'promise', e."promise",
          'duplicateOfRef', e."duplicateOf", 'actorRef', e."actorId", 'createdAt', to_char(e."createdAt", ${ISO_TIMESTAMP}))
      FROM "PruneEvent" e WHERE e."nodeId" = ANY(${ids}::text[])
      UNION ALL
      SELECT 'x', x."nodeId", '',
        json_build_object('question', x."question", 'method', x."method", 'supportIf', x."supportIf", 'refuteIf', x."refuteIf",
          'ownerRef', x."ownerId", 'status', x."status", 'links', x."links",
          'createdAt', to_char(x."createdAt", ${ISO_TIMESTAMP}), 'updatedAt', to_char(x."updatedAt", ${ISO_TIMESTAMP}))
      FROM "ExperimentCard" x WHERE x."nodeId" = ANY(${ids}::text[])
      UNION ALL
      SELECT 'd', p."nodeId", to_char(p."createdAt", ${ISO_TIMESTAMP}) || p."id",
        json_build_object('userRef', p."userId", 'side', p."side", 'probability', p."probability", 'createdAt', to_char(p."createdAt", ${ISO_TIMESTAMP}))
      FROM "Prediction" p WHERE p."nodeId" = ANY(${ids}::text[])
      UNION ALL
      SELECT 's', s."nodeId", to_char(s."createdAt", ${ISO_TIMESTAMP}) || s."id",
        json_build_object('action', s."action", 'outcome', s."outcome", 'summary', s."summary", 'evidence', s."evidence",
          'actorRef', s."actorId", 'createdAt', to_char(s."createdAt", ${ISO_TIMESTAMP}))
      FROM "ResolutionEvent" s WHERE s."nodeId" = ANY(${ids}::text[])
      UNION ALL
      SELECT 'c', c."nodeId", to_char(c."createdAt", ${ISO_TIMESTAMP}) || c."userId",
        json_build_object('userRef', c."userId", 'side', c."side", 'createdAt', to_char(c."createdAt", ${ISO_TIMESTAMP}))
      FROM "CruxMark" c WHERE c."nodeId" = ANY(${ids}::text[])
    ) AS related
    ORDER BY t, o COLLATE "C"`,
    Prisma.sql`bulk."t", bulk."o" COLLATE "C"`,
  );
}
