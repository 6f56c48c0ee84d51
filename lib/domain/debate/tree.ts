// The debate tree as plain data. Rows come flat from one query per debate, in
// any order; everything here is linear passes plus a sort of siblings.
import { badRequest, conflict, notFound } from "@/lib/domain/errors";
import type { NodeKind, Outcome, ResolutionMode, Side } from "@/lib/domain/vocabulary";

/** The minimum a row needs to take part in the tree. */
export interface TreeRow {
  id: string;
  parentId: string | null;
  createdAt: Date;
  updatedAt?: Date;
}

/** The Node columns the domain rules read; structurally a subset of the Prisma `Node`. */
export interface NodeRow extends TreeRow {
  kind: NodeKind;
  side: Side;
  authorId: string;
  prunedAt: Date | null;
  retractedAt: Date | null;
  acceptedAt: Date | null;
  targetVersions: number[];
  answersNodeIds: string[];
  resolutionMode: ResolutionMode;
  outcome: Outcome | null;
  title?: string;
}

export interface TreeNode<T extends TreeRow = TreeRow> {
  id: string;
  row: T;
  parent: TreeNode<T> | null;
  /** Oldest first. */
  children: TreeNode<T>[];
  depth: number;
  /** Number of nodes in this subtree, the node itself included. */
  subtreeSize: number;
  /** Latest createdAt/updatedAt anywhere in this subtree. */
  lastActivityAt: Date;
}

export interface Forest<T extends TreeRow = TreeRow> {
  /** Real roots first (oldest first), then orphans and cycle breakers. */
  roots: TreeNode<T>[];
  byId: Map<string, TreeNode<T>>;
  /** Rows whose parentId points at no row; they are promoted to roots. */
  orphanIds: string[];
  /** Each parent-pointer cycle, as ids; its oldest member is promoted to a root. */
  cycles: string[][];
  /** Rows whose id was seen before; only the first row with an id is kept. */
  duplicateIds: string[];
}

const byCreatedThenId = (a: TreeNode, b: TreeNode) =>
  a.row.createdAt.getTime() - b.row.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function activityOf(row: TreeRow): number {
  const created = row.createdAt.getTime();
  return row.updatedAt ? Math.max(created, row.updatedAt.getTime()) : created;
}

/**
 * Builds the forest from flat rows. Never loops forever and never drops a row:
 * orphans and one member of each cycle become roots, and both are reported.
 */
export function buildForest<T extends TreeRow>(rows: readonly T[]): Forest<T> {
  const byId = new Map<string, TreeNode<T>>();
  const duplicateIds: string[] = [];
  for (const row of rows) {
    if (byId.has(row.id)) {
      duplicateIds.push(row.id);
      continue;
    }
    byId.set(row.id, {
      id: row.id,
      row,
      parent: null,
      children: [],
      depth: 0,
      subtreeSize: 1,
      lastActivityAt: row.createdAt,
    });
  }

  // Resolve the effective parent of every node; cut orphans and cycles.
  const orphanIds: string[] = [];
  const cycles: string[][] = [];
  const effectiveParent = new Map<string, string | null>();
  for (const node of byId.values()) {
    const parentId = node.row.parentId;
    if (parentId !== null && !byId.has(parentId)) {
      orphanIds.push(node.id);
      effectiveParent.set(node.id, null);
    } else {
      effectiveParent.set(node.id, parentId);
    }
  }
  cutCycles(byId, effectiveParent, cycles);

  const roots: TreeNode<T>[] = [];
  const promoted: TreeNode<T>[] = [];
  for (const node of byId.values()) {
    const parentId = effectiveParent.get(node.id) ?? null;
    const parent = parentId === null ? undefined : byId.get(parentId);
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else if (node.row.parentId === null) {
      roots.push(node);
    } else {
      promoted.push(node);
    }
  }
  roots.sort(byCreatedThenId);
  promoted.sort(byCreatedThenId);
  roots.push(...promoted);

  // Breadth-first for depth; the reverse of that order is a valid post-order.
  const order: TreeNode<T>[] = [...roots];
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    node.children.sort(byCreatedThenId);
    for (const child of node.children) {
      child.depth = node.depth + 1;
      order.push(child);
    }
  }
  const latest = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    let size = 1;
    let last = activityOf(node.row);
    for (const child of node.children) {
      size += child.subtreeSize;
      last = Math.max(last, latest.get(child.id)!);
    }
    node.subtreeSize = size;
    latest.set(node.id, last);
    node.lastActivityAt = new Date(last);
  }

  return { roots, byId, orphanIds, cycles, duplicateIds };
}

// Walks parent pointers with three-colour marking: each node is visited once.
function cutCycles<T extends TreeRow>(
  byId: Map<string, TreeNode<T>>,
  effectiveParent: Map<string, string | null>,
  cycles: string[][],
): void {
  const state = new Map<string, "walking" | "done">();
  for (const start of byId.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    let current: string | null = start;
    while (current !== null && !state.has(current)) {
      state.set(current, "walking");
      path.push(current);
      current = effectiveParent.get(current) ?? null;
    }
    if (current !== null && state.get(current) === "walking") {
      const cycle = path.slice(path.indexOf(current));
      cycles.push(cycle);
      const breaker = cycle
        .map((id) => byId.get(id)!)
        .sort(byCreatedThenId)[0]!;
      effectiveParent.set(breaker.id, null);
    }
    for (const id of path) state.set(id, "done");
  }
}

/** Every node in depth-first pre-order (roots in forest order). */
export function walkPreOrder<T extends TreeRow>(roots: readonly TreeNode<T>[]): TreeNode<T>[] {
  const out: TreeNode<T>[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Ids of every node below `id` (not `id` itself), pre-order. Unknown id: empty. */
export function descendantIds(forest: Forest, id: string): string[] {
  const node = forest.byId.get(id);
  if (!node) return [];
  return walkPreOrder(node.children).map((n) => n.id);
}

/** Breadcrumbs: the rows from the root down to `id`'s parent. Unknown id: empty. */
export function ancestorPath<T extends TreeRow>(forest: Forest<T>, id: string): T[] {
  const path: T[] = [];
  let current = forest.byId.get(id)?.parent ?? null;
  while (current) {
    path.push(current.row);
    current = current.parent;
  }
  return path.reverse();
}

/** True when `maybeDescendantId` lies strictly below `ancestorId`. */
export function isDescendant(forest: Forest, ancestorId: string, maybeDescendantId: string): boolean {
  let current = forest.byId.get(maybeDescendantId)?.parent ?? null;
  while (current) {
    if (current.id === ancestorId) return true;
    current = current.parent;
  }
  return false;
}

export interface VisibleRow<T extends TreeRow = TreeRow> {
  node: TreeNode<T>;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

/**
 * The rows a tree view shows, in display order: roots always, children only
 * under expanded nodes. A virtualized list renders a window of this array.
 */
export function flattenVisible<T extends TreeRow>(
  forest: Forest<T>,
  expandedIds: ReadonlySet<string> | Iterable<string>,
): VisibleRow<T>[] {
  const expanded = expandedIds instanceof Set ? (expandedIds as ReadonlySet<string>) : new Set(expandedIds);
  const out: VisibleRow<T>[] = [];
  const stack = [...forest.roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    const isExpanded = expanded.has(node.id) && node.children.length > 0;
    out.push({ node, depth: node.depth, hasChildren: node.children.length > 0, expanded: isExpanded });
    if (isExpanded) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  return out;
}

export interface ParentCandidate {
  id: string;
  debateId: string;
}

/**
 * A new or moved node may only hang under a node of the same debate, and a
 * moved node never under itself or its own descendant (that would be a cycle).
 */
export function assertValidParent(
  debateId: string,
  parent: ParentCandidate | null | undefined,
  move?: { nodeId: string; forest: Forest },
): void {
  if (!parent) throw notFound("Parent node not found");
  if (parent.debateId !== debateId) {
    throw badRequest("The parent node must be in the same debate", { field: "parentId" });
  }
  if (!move) return;
  if (parent.id === move.nodeId) throw conflict("A node cannot be its own parent");
  if (isDescendant(move.forest, move.nodeId, parent.id)) {
    throw conflict("A node cannot be moved under its own descendant");
  }
}
