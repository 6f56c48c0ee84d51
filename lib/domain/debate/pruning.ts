// Prune and reopen rules. Pruning sets a node's own prunedAt and folds its
// branch away; it never changes the descendants' own state, so reopening a
// parent brings back a separately pruned child still pruned.
import { sortByKey } from "@/lib/domain/sort";
import { badRequest, conflict, notFound } from "@/lib/domain/errors";
import { PRUNE_CATEGORIES, type PruneAction, type PruneCategory } from "@/lib/domain/vocabulary";
import { buildForest, type TreeRow } from "@/lib/domain/debate/tree";


export const REASON_MAX_CHARS = 2000;

/** open: shown; pruned: pruned itself; folded: hidden inside a pruned ancestor's branch. */
export type VisibilityState = "open" | "pruned" | "folded";

export interface PrunableRow {
  id: string;
  parentId: string | null;
  prunedAt: Date | null;
}

// The scoreboard, the frontier and the revisit list each ask for the visibility of the same
// rows: computed once per rows array (100,000 nodes: ~0.3 s and a Map each time otherwise).
const statesOfRows = new WeakMap<readonly PrunableRow[], ReadonlyMap<string, VisibilityState>>();

/** Effective visibility of every node. Linear; safe on cycles (a cycle is cut where it closes). */
export function visibilityStates(nodes: readonly PrunableRow[]): ReadonlyMap<string, VisibilityState> {
  let states = statesOfRows.get(nodes);
  if (!states) statesOfRows.set(nodes, (states = computeVisibilityStates(nodes)));
  return states;
}

function computeVisibilityStates(nodes: readonly PrunableRow[]): Map<string, VisibilityState> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // hasPrunedAncestorOrSelf, memoized per node.
  const prunedAbove = new Map<string, boolean>();
  const resolve = (startId: string): void => {
    const path: string[] = [];
    const onPath = new Set<string>();
    let current = byId.get(startId);
    let inherited = false;
    while (current && !prunedAbove.has(current.id) && !onPath.has(current.id)) {
      path.push(current.id);
      onPath.add(current.id);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    if (current && prunedAbove.has(current.id)) inherited = prunedAbove.get(current.id)!;
    for (let i = path.length - 1; i >= 0; i--) {
      const node = byId.get(path[i]!)!;
      inherited = inherited || node.prunedAt !== null;
      prunedAbove.set(node.id, inherited);
    }
  };

  const states = new Map<string, VisibilityState>();
  for (const node of nodes) {
    if (!prunedAbove.has(node.id)) resolve(node.id);
  }
  for (const node of nodes) {
    if (node.prunedAt !== null) states.set(node.id, "pruned");
    else {
      const parentPruned = node.parentId !== null && prunedAbove.get(node.parentId) === true;
      states.set(node.id, parentPruned ? "folded" : "open");
    }
  }
  return states;
}

export function assertCanReopen(
  node: { prunedAt: Date | null } | null | undefined,
  state?: VisibilityState,
): void {
  if (!node) throw notFound("Node not found");
  if (node.prunedAt === null) {
    throw conflict(
      state === "folded"
        ? "This node is not pruned itself; reopen the pruned branch above it"
        : "This branch is not pruned",
    );
  }
}

export interface PruneInput {
  category: string;
  reason: string;
  promise?: number | null;
  duplicateOf?: string | null;
}

export interface ValidPrune {
  category: PruneCategory;
  reason: string;
  promise: number | null;
  duplicateOf: string | null;
}

/** Reason text is required: 1..2000 characters once trimmed. */
export function validateReason(reason: unknown): string {
  const text = typeof reason === "string" ? reason.trim() : "";
  if (text.length === 0) throw badRequest("A reason is required", { field: "reason" });
  if ([...text].length > REASON_MAX_CHARS) {
    throw badRequest(`The reason must be at most ${REASON_MAX_CHARS} characters`, { field: "reason" });
  }
  return text;
}

/** Promise is an optional integer estimate from 0 to 100. */
export function validatePromise(promise: unknown): number | null {
  if (promise === undefined || promise === null) return null;
  if (typeof promise !== "number" || !Number.isInteger(promise) || promise < 0 || promise > 100) {
    throw badRequest("Promise must be an integer from 0 to 100", { field: "promise" });
  }
  return promise;
}

/**
 * Validates a prune request. For DUPLICATE, `duplicateTarget` is the row named
 * by duplicateOf (null when it does not exist) and `branchIds` the ids of the
 * node's branch (the node and its descendants).
 */
export function validatePrune(
  input: PruneInput,
  node: { id: string; debateId: string },
  context: { duplicateTarget?: { id: string; debateId: string } | null; branchIds?: ReadonlySet<string> } = {},
): ValidPrune {
  if (!(PRUNE_CATEGORIES as readonly string[]).includes(input.category)) {
    throw badRequest(`Unknown prune category "${input.category}"`, { field: "category" });
  }
  const category = input.category as PruneCategory;
  const reason = validateReason(input.reason);
  const promise = validatePromise(input.promise);
  const duplicateOf = input.duplicateOf ?? null;

  if (category !== "DUPLICATE") {
    if (duplicateOf !== null) {
      throw badRequest("duplicateOf only applies to the DUPLICATE category", { field: "duplicateOf" });
    }
    return { category, reason, promise, duplicateOf: null };
  }
  if (!duplicateOf) throw badRequest("DUPLICATE needs the node it duplicates", { field: "duplicateOf" });
  const target = context.duplicateTarget;
  if (!target || target.id !== duplicateOf || target.debateId !== node.debateId) {
    // A node in another debate is reported as missing: ids must not probe other debates.
    throw badRequest("The duplicated node was not found in this debate", { field: "duplicateOf" });
  }
  if (duplicateOf === node.id) {
    throw badRequest("A node cannot be a duplicate of itself", { field: "duplicateOf" });
  }
  // 409 like moving a node under its own descendant (tree.ts): the request is well formed,
  // the tree's current shape is what refuses it.
  if (context.branchIds?.has(duplicateOf)) {
    throw conflict("A node cannot be a duplicate of its own descendant", { field: "duplicateOf" });
  }
  return { category, reason, promise, duplicateOf };
}

/** Reopening needs a reason too (same length rule as pruning). */
export function validateReopen(input: { reason: string }): { reason: string } {
  return { reason: validateReason(input.reason) };
}

// ---------- events and the revisit list ----------

export interface PruneEventRow {
  id: string;
  nodeId: string;
  actorId: string;
  action: PruneAction;
  category: PruneCategory | null;
  reason: string;
  promise: number | null;
  duplicateOf: string | null;
  createdAt: Date;
}

export interface TimelineEntry<E extends PruneEventRow = PruneEventRow> {
  event: E;
  /** The node's own state after this event. */
  stateAfter: "pruned" | "open";
  /** Set when the event did not change state (e.g. a PRUNE of a node already pruned). */
  redundant: boolean;
}

/** Events oldest first, each with the state it leaves its node in. */
export function branchTimeline<E extends PruneEventRow>(events: readonly E[]): TimelineEntry<E>[] {
  const sorted = [...events].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const pruned = new Map<string, boolean>();
  return sorted.map((event) => {
    const before = pruned.get(event.nodeId) ?? false;
    const after = event.action === "PRUNE";
    pruned.set(event.nodeId, after);
    return { event, stateAfter: after ? "pruned" : "open", redundant: before === after };
  });
}

/** Mean of the estimates (0..100), or null when nobody estimated. */
export function promiseAverage(estimates: readonly { promise: number }[]): number | null {
  if (estimates.length === 0) return null;
  return estimates.reduce((sum, e) => sum + e.promise, 0) / estimates.length;
}

export interface RevisitRow {
  nodeId: string;
  title: string;
  category: PruneCategory | null;
  reason: string;
  duplicateOf: string | null;
  prunedAt: Date;
  prunedAgeMs: number;
  prunedById: string | null;
  /** Nodes in the branch, the pruned node included. */
  branchSize: number;
  depth: number;
  lastActivityAt: Date;
  /** Average of participants' estimates; falls back to the promise given when pruning. */
  promise: number | null;
  estimateCount: number;
  /** True when the branch also sits inside another pruned branch. */
  nested: boolean;
}

export interface RevisitNode extends TreeRow {
  prunedAt: Date | null;
  title?: string;
}

/** One row per node that is pruned itself, for the "revisit pruned branches" view. */
export function revisitRows(
  nodes: readonly RevisitNode[],
  events: readonly PruneEventRow[],
  estimates: readonly { nodeId: string; promise: number }[],
  now: Date,
): RevisitRow[] {
  const forest = buildForest(nodes);
  const states = visibilityStates(nodes);
  const latestPrune = new Map<string, PruneEventRow>();
  for (const entry of branchTimeline(events)) {
    if (entry.event.action === "PRUNE") latestPrune.set(entry.event.nodeId, entry.event);
  }
  const estimatesByNode = new Map<string, { promise: number }[]>();
  for (const e of estimates) {
    const list = estimatesByNode.get(e.nodeId) ?? [];
    list.push(e);
    estimatesByNode.set(e.nodeId, list);
  }

  const rows: RevisitRow[] = [];
  for (const node of nodes) {
    if (node.prunedAt === null) continue;
    const treeNode = forest.byId.get(node.id);
    if (!treeNode || treeNode.row !== node) continue; // a duplicate id row
    const event = latestPrune.get(node.id);
    const nodeEstimates = estimatesByNode.get(node.id) ?? [];
    const parentState = node.parentId === null ? undefined : states.get(node.parentId);
    rows.push({
      nodeId: node.id,
      title: node.title ?? "",
      category: event?.category ?? null,
      reason: event?.reason ?? "",
      duplicateOf: event?.duplicateOf ?? null,
      prunedAt: node.prunedAt,
      prunedAgeMs: Math.max(0, now.getTime() - node.prunedAt.getTime()),
      prunedById: event?.actorId ?? null,
      branchSize: treeNode.subtreeSize,
      depth: treeNode.depth,
      lastActivityAt: treeNode.lastActivityAt,
      promise: promiseAverage(nodeEstimates) ?? event?.promise ?? null,
      estimateCount: nodeEstimates.length,
      nested: parentState === "pruned" || parentState === "folded",
    });
  }
  return rows;
}

// The revisit list's one definition of order and filter. The SQL query
// (lib/server/queries/revisit.ts) orders and filters the same way in the database
// (a test compares both on the same rows) and the debate page's table sorts with
// revisitList itself.

/** The sort keys of the revisit list. */
export const REVISIT_SORTS = ["promise", "age", "size", "depth", "activity"] as const;
export type RevisitSort = (typeof REVISIT_SORTS)[number];
export type SortOrder = "asc" | "desc";

/** Each key's natural reading (most promising, oldest, biggest, deepest, most recent first) is "desc". */
export const REVISIT_DEFAULTS = { sort: "promise", order: "desc" } as const satisfies { sort: RevisitSort; order: SortOrder };

export interface RevisitListOptions {
  sort?: RevisitSort;
  order?: SortOrder;
  /** Only branches pruned for this reason. */
  category?: string | null;
}

/** What a revisit row needs to be ordered and filtered: a domain, SQL or JSON (ISO text timestamps) row. */
export interface RevisitSortable {
  nodeId: string;
  category: string | null;
  promise: number | null;
  prunedAt: Date | string;
  branchSize: number;
  depth: number;
  lastActivityAt: Date | string;
}

const time = (t: Date | string) => (typeof t === "string" ? Date.parse(t) : t.getTime());

/** The value each sort key orders by; nulls sort last whatever the order. */
export const revisitSortKey: Record<RevisitSort, (row: RevisitSortable) => number | null> = {
  promise: (r) => r.promise,
  // Oldest first when "desc": the age grows as prunedAt goes back.
  age: (r) => -time(r.prunedAt),
  size: (r) => r.branchSize,
  depth: (r) => r.depth,
  activity: (r) => time(r.lastActivityAt),
};

/** The revisit list: filtered, then sorted by one key (ties by node id, nulls last). */
export function revisitList<T extends RevisitSortable>(rows: readonly T[], options: RevisitListOptions = {}): T[] {
  const { category } = options;
  const filtered = category ? rows.filter((r) => r.category === category) : rows;
  return sortByKey(filtered, revisitSortKey[options.sort ?? REVISIT_DEFAULTS.sort], options.order ?? REVISIT_DEFAULTS.order);
}
