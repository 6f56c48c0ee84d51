import "server-only";
import { readLinksJson } from "@/lib/server/queries/links";
import { createHash } from "node:crypto";
import pLimit from "p-limit";
import type { Actor } from "@/lib/domain/actor";
import { badRequest, notFound } from "@/lib/domain/errors";
import { pagePositions, pathPositions, readingOrderOf, type OutlineScope, type ReadingOrder } from "@/lib/domain/debate/outline";
import { decodeCursor, encodeCursor } from "@/lib/contracts/common";
import { requireAccess, type DebateAccess } from "@/lib/server/debate/access";
import { ANALYSIS_CLOCK_MS } from "@/lib/server/debate/overview";
import { latestEventSeq, readSkeletonText, readTreeJson, readTreeRowsByIds, readTreeSlice } from "@/lib/server/queries/tree";

// Reading a large debate in bounded pieces (docs/api.md, "The tree"): pages in
// depth-first reading order or by subtree, each one short statement by id; the
// whole tree as a stream of short slices; and a validator (ETag) that costs one
// indexed query, so an unchanged tree is answered 304 without being read.

/** Rows per page when the client names no limit, and the most it may ask for. */
export const DEFAULT_PAGE_ROWS = 200;
export const MAX_PAGE_ROWS = 1_000;
/** Rows per slice of the streamed full read. */
export const FULL_READ_SLICE_ROWS = 2_000;

// ---- Validators

/**
 * The validator of a read: the debate, its latest event (every change appends one),
 * who reads it (membership and role change what some answers hold) and what was asked.
 */
export function readValidator(access: DebateAccess, seq: string, variant: string): string {
  const reader = access.userId ? `${access.userId}:${access.membership?.role ?? "-"}:${access.membership?.side ?? "-"}` : "anonymous";
  const digest = createHash("sha256").update(`${access.debate.id}\n${seq}\n${reader}\n${access.debate.visibility}\n${variant}`).digest("base64url");
  return `"${digest.slice(0, 27)}"`;
}

/** Access check plus the debate's validator: two indexed queries, no tree read. */
export async function treeReadValidator(actor: Actor | null, debateId: string, variant: string): Promise<string> {
  const access = await requireAccess(debateId, actor, "debate:read");
  return readValidator(access, await latestEventSeq(debateId), variant);
}

// ---- The reading order, cached per debate state

interface CachedOrder {
  seq: string;
  order: Promise<ReadingOrder>;
}
const ORDER_CACHE_DEBATES = 8;
const orders = new Map<string, CachedOrder>();

/**
 * The debate's reading order at its latest event. Computed once per change from the
 * skeleton (ids and parents only) and shared by concurrent readers; a few debates kept.
 */
export async function debateReadingOrder(debateId: string, seq?: string): Promise<ReadingOrder> {
  const at = seq ?? (await latestEventSeq(debateId));
  const cached = orders.get(debateId);
  if (cached && cached.seq === at) {
    orders.delete(debateId); // most recently used last
    orders.set(debateId, cached);
    return cached.order;
  }
  const order = readSkeletonText(debateId).then(orderOfSkeleton);
  orders.set(debateId, { seq: at, order });
  order.catch(() => orders.get(debateId)?.order === order && orders.delete(debateId));
  while (orders.size > ORDER_CACHE_DEBATES) orders.delete(orders.keys().next().value!);
  return order;
}

/** The reading order of readSkeletonText's text: ids and parents split out, no object per node. */
function orderOfSkeleton(text: string): ReadingOrder {
  const units = text ? text.split("\x1e") : [];
  const ids = new Array<string>(units.length);
  const parents = new Array<string | null>(units.length);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const cut = unit.indexOf("\x1f");
    ids[i] = unit.slice(0, cut);
    parents[i] = cut + 1 < unit.length ? unit.slice(cut + 1) : null;
  }
  return readingOrderOf(ids, parents);
}

// ---- Pages

export interface PageQuery extends OutlineScope {
  cursor?: string;
  limit?: number;
}

/** Whether a /tree query asks for a page (else it is the full read or ?root=). */
export const isPageQuery = (q: PageQuery & { root?: string }) => q.cursor !== undefined || q.limit !== undefined || q.under !== undefined;

/** Where a cursor resumes: after its node, or (when that node is gone) after its position. */
function resumeAfter(order: ReadingOrder, cursor: string | undefined): number {
  if (cursor === undefined) return -1;
  const decoded = decodeCursor(cursor);
  if (!decoded || typeof decoded.key !== "number" || !Number.isInteger(decoded.key) || decoded.key < 0) throw badRequest("Unknown cursor: pass the nextCursor of the previous page");
  const now = order.positionOf(decoded.id);
  if (now !== undefined) return now;
  if (decoded.key >= order.ids.length) throw badRequest("Unknown cursor: pass the nextCursor of the previous page");
  return decoded.key;
}

/**
 * One page of the tree as JSON text: `{"nodes":[…],"nextCursor":…,"total":…}`. Each
 * node carries its childCount and descendantCount, so a reader knows what is left to
 * open. `total` counts the nodes in scope… of the whole debate (`under`: its descendants).
 */
export async function readTreePage(actor: Actor | null, debateId: string, query: PageQuery): Promise<string> {
  await requireAccess(debateId, actor, "debate:read");
  return treePageText(debateId, query);
}

/** readTreePage after the access check (the route checks access once for the validator). */
export async function treePageText(debateId: string, query: PageQuery, seq?: string): Promise<string> {
  const order = await debateReadingOrder(debateId, seq);
  const limit = Math.min(MAX_PAGE_ROWS, Math.max(1, query.limit ?? DEFAULT_PAGE_ROWS));
  const after = resumeAfter(order, query.cursor);
  const scope: OutlineScope = { under: query.under, depth: query.depth };
  if (query.under !== undefined && after !== -1) {
    // A cursor of another scope would silently skip or repeat nodes.
    const root = order.positionOf(query.under);
    if (root !== undefined && (after < root || after > root + order.descendantCount[root]!)) throw badRequest("This cursor belongs to another subtree");
  }
  const page = pagePositions(order, scope, after, limit);
  if (!page) throw notFound("No such node in this debate");
  const nodes = await nodesAt(debateId, order, page.positions);
  const lastPosition = page.positions[page.positions.length - 1];
  const nextCursor = page.more && lastPosition !== undefined ? encodeCursor(lastPosition, order.ids[lastPosition]!) : null;
  const total = query.under !== undefined ? order.descendantCount[order.positionOf(query.under)!]! : order.ids.length;
  return JSON.stringify({ nodes, nextCursor, total });
}

/** `{"nodes":[…],"nextCursor":null,"total":…}` of a node and its ancestors (GET /tree?path=). */
export async function treePathText(debateId: string, nodeId: string, seq?: string): Promise<string> {
  const order = await debateReadingOrder(debateId, seq);
  const at = order.positionOf(nodeId);
  if (at === undefined) throw notFound("No such node in this debate");
  const nodes = await nodesAt(debateId, order, pathPositions(order, at));
  return JSON.stringify({ nodes, nextCursor: null, total: order.ids.length });
}

/**
 * The /tree rows at these positions of the order, in that order, each with its childCount and
 * descendantCount. A node removed between the order and this read is left out (a page's next
 * cursor goes on after it).
 */
async function nodesAt(debateId: string, order: ReadingOrder, positions: readonly number[]): Promise<Record<string, unknown>[]> {
  const rows = await readTreeRowsByIds(debateId, positions.map((p) => order.ids[p]!));
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  return positions.flatMap((p) => {
    const row = byId.get(order.ids[p]!);
    return row ? [{ ...row, childCount: order.childCount[p], descendantCount: order.descendantCount[p] }] : [];
  });
}

// ---- The whole tree, slice by slice

/**
 * The full read `{"nodes":[…],"links":[…]}` in creation order, as text chunks: one short
 * statement per FULL_READ_SLICE_ROWS rows, and the event loop is handed back
 * between slices, so big readers take turns with everyone else.
 */
// Full reads take turns at the database, one slice at a time across all of them: on the embedded
// database (one backend) four readers otherwise queue four slices ahead of every short request,
// and on PostgreSQL they would take four of the pool's connections (#17, decision 005).
const fullReadSlices = pLimit(1);

export async function* fullTreeChunks(debateId: string, sliceRows = FULL_READ_SLICE_ROWS): AsyncGenerator<string> {
  yield '{"nodes":[';
  let after: { createdAt: string; id: string } | null = null;
  let first = true;
  for (;;) {
    const rows = await fullReadSlices(() => readTreeSlice(debateId, after, sliceRows));
    if (rows.length === 0) break;
    let text = JSON.stringify(rows);
    text = text.slice(1, -1);
    yield first ? text : `,${text}`;
    first = false;
    if (rows.length < sliceRows) break;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt as string, id: last.id as string };
    await new Promise((resolve) => setImmediate(resolve));
  }
  // The typed cross-links go after the nodes (one more short query).
  yield `],"links":${await readLinksJson(debateId)}}`;
}

// ---- What GET /tree reads

export interface TreeQuery extends PageQuery {
  root?: string;
  path?: string;
}

/**
 * GET /tree after the access check: its validator, and the body to send when the
 * client does not hold that one (a page's text, a subtree's text, or the full read's chunks).
 */
export async function openTreeRead(actor: Actor | null, debateId: string, query: TreeQuery): Promise<{ etag: string; body: () => Promise<string | AsyncIterable<string>> }> {
  const access = await requireAccess(debateId, actor, "debate:read");
  const seq = await latestEventSeq(debateId);
  const variant = JSON.stringify(["tree", query.root ?? null, query.cursor ?? null, query.limit ?? null, query.under ?? null, query.depth ?? null, query.path ?? null]);
  const etag = readValidator(access, seq, variant);
  if (query.path !== undefined) {
    const nodeId = query.path;
    return { etag, body: () => treePathText(debateId, nodeId, seq) };
  }
  if (isPageQuery(query)) return { etag, body: () => treePageText(debateId, query, seq) };
  if (query.root !== undefined) {
    const rootId = query.root;
    return {
      etag,
      body: async () => {
        const nodes = await readTreeJson(debateId, rootId);
        if (nodes === "[]") throw notFound("No such node in this debate");
        return `{"nodes":${nodes},"links":${await readLinksJson(debateId, rootId)}}`;
      },
    };
  }
  return { etag, body: async () => fullTreeChunks(debateId) };
}

/**
 * GET /overview's validator (access checked): the debate's state, the reader, what was asked,
 * and the clock's bucket (the analyses' ages and idle days move with it; lib/server/debate/overview.ts).
 */
export async function overviewValidator(actor: Actor | null, debateId: string, analysis: "wait" | "later" = "wait", now = Date.now()): Promise<string> {
  return treeReadValidator(actor, debateId, `overview:${analysis}:${Math.floor(now / ANALYSIS_CLOCK_MS)}`);
}
