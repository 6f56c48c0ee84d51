// The argument map's geometry: which nodes are drawn and where. Pure (dagre is a pure
// layout library); the map component renders what this returns. The dagre part
// (positionMapGraph) takes and returns plain data, so the map runs it in a Web Worker
// (app/debates/[debateId]/map/map-layout.worker.ts); layoutMap is the same on one thread.
//
// Dagre's layered layout is superlinear: measured on this machine ~0.3 s for 200 nodes
// and over a second for 1,000 (npm run bench -- --only=map). So the map never hands it
// a whole big debate: branches open breadth-first until a node budget is spent, the
// rest stays folded behind "+N more", and the reader opens what they want to see.
import dagre from "@dagrejs/dagre";
import type { Forest, TreeNode, TreeRow } from "@/lib/domain/debate/tree";
import type { LinkType } from "@/lib/domain/vocabulary";

/** Nodes drawn before further branches stay folded (the layout stays well under a second). */
export const MAP_NODE_BUDGET = 150;
/** A branch the reader opens by hand is drawn even past the budget, up to this many nodes in all. */
export const MAP_HARD_CAP = 400;

export const MAP_NODE_WIDTH = 220;
export const MAP_NODE_HEIGHT = 70;
/** Extra height of a node showing a "+N more" / "fold" control under it. */
export const MAP_TOGGLE_HEIGHT = 20;

export interface MapLayoutInput<T extends TreeRow> {
  forest: Forest<T>;
  /** Draw only this node's branch (the outline's focus); null for the whole debate. */
  focusId?: string | null;
  /** Branches the reader folded. */
  collapsedIds?: ReadonlySet<string>;
  /** Branches the reader opened (opened even when pruned or past the budget). */
  expandedIds?: ReadonlySet<string>;
  /** Whether a pruned branch is open by default (the node itself is always drawn). */
  showPruned?: boolean;
  /** Whether a row is pruned; pruned branches start folded. */
  isPruned?: (row: T) => boolean;
  budget?: number;
  hardCap?: number;
}

export interface MapNodeBox<T extends TreeRow = TreeRow> {
  id: string;
  row: T;
  /** Top-left corner; the map's coordinates start at (0, 0). */
  x: number;
  y: number;
  width: number;
  height: number;
  depth: number;
  /** The parent as drawn (null for a drawn root). */
  parentId: string | null;
  /** Drawn children, oldest first. */
  childIds: string[];
  /** Moves below this node that are not drawn (its branch is folded). */
  hiddenCount: number;
  /** Whether its children are drawn. */
  open: boolean;
}

export interface MapEdge {
  fromId: string;
  toId: string;
  points: { x: number; y: number }[];
}

export interface MapLayout<T extends TreeRow = TreeRow> {
  nodes: MapNodeBox<T>[];
  byId: Map<string, MapNodeBox<T>>;
  edges: MapEdge[];
  /** Drawn roots, in forest order. */
  rootIds: string[];
  width: number;
  height: number;
  /** Nodes in the laid-out part of the forest (the focus branch, or everything). */
  totalCount: number;
  hiddenCount: number;
}

/** A node chosen to be drawn, and whether its children are drawn too. */
export interface Drawn<T extends TreeRow> {
  node: TreeNode<T>;
  open: boolean;
}

/** Which nodes are drawn: breadth-first from the roots, each branch whole or folded. */
export function chooseDrawn<T extends TreeRow>(input: MapLayoutInput<T>): Drawn<T>[] {
  const { forest } = input;
  const collapsed = input.collapsedIds ?? new Set<string>();
  const expanded = input.expandedIds ?? new Set<string>();
  const budget = input.budget ?? MAP_NODE_BUDGET;
  const hardCap = Math.max(budget, input.hardCap ?? MAP_HARD_CAP);
  const isPruned = input.isPruned ?? (() => false);
  const focus = input.focusId ? forest.byId.get(input.focusId) : undefined;
  const roots = focus ? [focus] : forest.roots;

  const picks: Drawn<T>[] = [];
  let count = roots.length;
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    const kids = node.children.length;
    let open = false;
    if (kids > 0 && !collapsed.has(node.id)) {
      if (expanded.has(node.id)) open = count + kids <= hardCap;
      else open = (input.showPruned || !isPruned(node.row)) && count + kids <= budget;
    }
    picks.push({ node, open });
    if (open) {
      count += kids;
      queue.push(...node.children);
    }
  }
  return picks;
}

/**
 * The drawn graph as plain data (ids and sizes): what dagre needs, and what crosses to the
 * layout worker (app/debates/[debateId]/map/map-layout.worker.ts) by structured clone.
 */
export interface MapGraph {
  /** In breadth-first order, siblings oldest first (dagre's initial order; see positionMapGraph). */
  nodes: { id: string; width: number; height: number }[];
  edges: { fromId: string; toId: string }[];
}

/** Where dagre put the graph's nodes (top-left corners) and edges; plain data too. */
export interface MapPositions {
  boxes: Record<string, { x: number; y: number; width: number; height: number }>;
  edges: MapEdge[];
  width: number;
  height: number;
}

export function mapGraphOf<T extends TreeRow>(picks: readonly Drawn<T>[]): MapGraph {
  const drawn = new Set(picks.map((p) => p.node.id));
  return {
    nodes: picks.map(({ node }) => ({
      id: node.id,
      width: MAP_NODE_WIDTH,
      height: MAP_NODE_HEIGHT + (node.children.length > 0 ? MAP_TOGGLE_HEIGHT : 0),
    })),
    edges: picks.filter(({ node }) => node.parent && drawn.has(node.parent.id)).map(({ node }) => ({ fromId: node.parent!.id, toId: node.id })),
  };
}

/** Lays the graph out top-down with dagre: the expensive part, run in the layout worker. */
export function positionMapGraph(graph: MapGraph): MapPositions {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 18, ranksep: 46, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: node.width, height: node.height });
  for (const edge of graph.edges) g.setEdge(edge.fromId, edge.toId);
  // Nodes go in breadth-first with siblings oldest first; dagre's initial order is then a
  // depth-first walk that has no crossings for a tree. Its crossing-reduction sweeps can
  // only reshuffle siblings (and cost time), so they are off.
  dagre.layout(g, { disableOptimalOrderHeuristic: true });

  const boxes: MapPositions["boxes"] = {};
  for (const node of graph.nodes) {
    const label = g.node(node.id) as { x: number; y: number; width: number; height: number };
    boxes[node.id] = { x: label.x - label.width / 2, y: label.y - label.height / 2, width: label.width, height: label.height };
  }
  const edges: MapEdge[] = g.edges().map((e) => ({
    fromId: e.v,
    toId: e.w,
    points: ((g.edge(e) as { points?: { x: number; y: number }[] }).points ?? []).map((p) => ({ x: p.x, y: p.y })),
  }));
  const size = g.graph() as { width?: number; height?: number };
  return { boxes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}

/** The map's layout from the drawn nodes (chooseDrawn) and where they were put (positionMapGraph). */
export function assembleMapLayout<T extends TreeRow>(input: MapLayoutInput<T>, picks: readonly Drawn<T>[], positions: MapPositions): MapLayout<T> {
  const focus = input.focusId ? input.forest.byId.get(input.focusId) : undefined;
  const totalCount = focus ? focus.subtreeSize : input.forest.byId.size;
  const drawn = new Set(picks.map((p) => p.node.id));
  const nodes: MapNodeBox<T>[] = [];
  const byId = new Map<string, MapNodeBox<T>>();
  let hiddenCount = 0;
  for (const { node, open } of picks) {
    const at = positions.boxes[node.id];
    if (!at) throw new Error(`map layout: no position for node ${node.id}`);
    const hidden = open ? 0 : node.subtreeSize - 1;
    hiddenCount += hidden;
    const box: MapNodeBox<T> = {
      id: node.id,
      row: node.row,
      ...at,
      depth: node.depth,
      parentId: node.parent && drawn.has(node.parent.id) ? node.parent.id : null,
      childIds: open ? node.children.map((c) => c.id) : [],
      hiddenCount: hidden,
      open,
    };
    nodes.push(box);
    byId.set(box.id, box);
  }
  return {
    nodes,
    byId,
    edges: positions.edges,
    rootIds: nodes.filter((n) => n.parentId === null).map((n) => n.id),
    width: positions.width,
    height: positions.height,
    totalCount,
    hiddenCount,
  };
}

/** Lays out the drawn part of the forest top-down (parents above children, siblings oldest first), on this thread. */
export function layoutMap<T extends TreeRow>(input: MapLayoutInput<T>): MapLayout<T> {
  const picks = chooseDrawn(input);
  return assembleMapLayout(input, picks, positionMapGraph(mapGraphOf(picks)));
}

/** The ids to open so that `id` is drawn: its ancestors (nearest first). */
export function ancestorsToOpen<T extends TreeRow>(forest: Forest<T>, id: string): string[] {
  const out: string[] = [];
  for (let p = forest.byId.get(id)?.parent ?? null; p; p = p.parent) out.push(p.id);
  return out;
}

/** A typed cross-link between two nodes (not part of the tree's layout). */
export interface MapLink {
  fromId: string;
  toId: string;
  type: LinkType;
}

export interface MapLinkPath {
  link: MapLink;
  /** Where the line starts and ends: the linked nodes, or the drawn node their branch is folded into. */
  from: { x: number; y: number };
  to: { x: number; y: number };
  /** True when an end is folded away (the line goes to the folded branch's drawn ancestor). */
  folded: boolean;
}

/**
 * Cross-links between nodes, as lines between drawn boxes. A link to a folded node ends at
 * its nearest drawn ancestor; a link whose two ends fold into the same box is not drawn.
 */
export function linkPaths<T extends TreeRow>(layout: MapLayout<T>, forest: Forest<T>, links: readonly MapLink[]): MapLinkPath[] {
  const drawnBox = (id: string): MapNodeBox<T> | undefined => {
    for (let n = forest.byId.get(id) ?? null; n; n = n.parent) {
      const box = layout.byId.get(n.id);
      if (box) return box;
    }
    return undefined;
  };
  const out: MapLinkPath[] = [];
  for (const link of links) {
    const from = drawnBox(link.fromId);
    const to = drawnBox(link.toId);
    if (!from || !to || from === to) continue;
    out.push({
      link,
      from: { x: from.x + from.width / 2, y: from.y + MAP_NODE_HEIGHT / 2 },
      to: { x: to.x + to.width / 2, y: to.y + MAP_NODE_HEIGHT / 2 },
      folded: from.id !== link.fromId || to.id !== link.toId,
    });
  }
  return out;
}
