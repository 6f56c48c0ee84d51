// DebateSource: what exporters consume. Metadata arrives up front; nodes
// arrive one by one in depth-first pre-order (parent before children,
// siblings by createdAt), so a database cursor can feed a 100k-node export
// without holding the tree in memory.

import { FORMAT_ID, type CounterexampleClassRecord, type CruxLedgerRecord, type DebateDocument, type DebateMeta, type NodeLinkRecord, type NodeRecord, type Participant, type ProposalVersionRecord, type RoundRecord, type SummaryRecord } from "./document";
import { FormatError } from "./errors";

export interface DebateSource {
  /** Defaults to the time of export. */
  exportedAt?: string;
  debate: DebateMeta;
  participants: Participant[];
  versions: ProposalVersionRecord[];
  /** Typed cross-links between the source's nodes (absent: none). Small, so they come up front. */
  links?: NodeLinkRecord[];
  /** Counterexample classes (absent: none); nodes name theirs with classRef. */
  classes?: CounterexampleClassRecord[];
  /** Optional sections of the canonical document (absent or empty: not written). */
  cruxLedger?: CruxLedgerRecord[];
  summaries?: SummaryRecord[];
  /** Judged rounds with their entries and verdicts (absent or empty: not written; never in a branch). */
  rounds?: RoundRecord[];
  /** Depth-first pre-order; the first node is the root. */
  nodes: AsyncIterable<NodeRecord> | Iterable<NodeRecord>;
}

/** Orders nodes depth-first pre-order, siblings by createdAt then by input order. Iterative. */
export function orderDepthFirst(nodes: readonly NodeRecord[], rootRef?: string): NodeRecord[] {
  const children = new Map<string | null, NodeRecord[]>();
  const known = new Set(nodes.map((n) => n.ref));
  for (const n of nodes) {
    // Nodes whose parent is missing are treated as roots so nothing is silently dropped.
    const key = n.parentRef !== null && known.has(n.parentRef) ? n.parentRef : null;
    let list = children.get(key);
    if (!list) children.set(key, (list = []));
    list.push(n);
  }
  for (const list of children.values()) list.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const start = rootRef === undefined ? (children.get(null) ?? []) : nodes.filter((n) => n.ref === rootRef);
  const out: NodeRecord[] = [];
  const stack = [...start].reverse();
  const seen = new Set<string>();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n.ref)) continue; // guards against cycles in unvalidated input
    seen.add(n.ref);
    out.push(n);
    const kids = children.get(n.ref);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/**
 * Adapts an in-memory document. With `rootRef`, only that subtree is
 * exported, as the database export does it: its root gets parentRef null,
 * only versions created inside the subtree are kept, and references to nodes
 * outside it (answersRefs, duplicateOfRef, links) are dropped, so the branch imports
 * on its own (as a debate of its own: lib/formats/branch.ts).
 */
export function sourceFromDocument(doc: DebateDocument, options: { rootRef?: string } = {}): DebateSource {
  let nodes = orderDepthFirst(doc.nodes, options.rootRef);
  let versions = doc.versions;
  let cruxLedger = doc.cruxLedger;
  let summaries = doc.summaries;
  let rounds = doc.rounds;
  let links = doc.links;
  if (options.rootRef !== undefined) {
    if (nodes.length === 0) throw new FormatError("INTEGRITY", `no node ${JSON.stringify(options.rootRef)}`, { path: "$.nodes" }, "an existing node ref");
    const inside = new Set(nodes.map((n) => n.ref));
    const keep = (ref: string) => inside.has(ref);
    nodes = nodes.map((n, i) => {
      const outsideRefs = !n.answersRefs.every(keep) || n.pruneEvents.some((e) => e.duplicateOfRef !== null && !keep(e.duplicateOfRef));
      if (i > 0 && !outsideRefs) return n;
      return {
        ...n,
        parentRef: i === 0 ? null : n.parentRef,
        answersRefs: n.answersRefs.filter(keep),
        pruneEvents: n.pruneEvents.map((e) => (e.duplicateOfRef !== null && !keep(e.duplicateOfRef) ? { ...e, duplicateOfRef: null } : e)),
      };
    });
    versions = versions.filter((v) => keep(v.nodeRef));
    links = links.filter((l) => keep(l.fromRef) && keep(l.toRef));
    cruxLedger = cruxLedger?.filter((c) => keep(c.nodeRef));
    // A summary speaks for the whole debate, not for a branch.
    summaries = undefined;
    // A round's entries and verdicts span the debate: a branch leaves them out, like summaries.
    rounds = undefined;
  }
  return {
    exportedAt: doc.exportedAt,
    debate: doc.debate,
    participants: doc.participants,
    versions,
    links,
    ...(doc.classes ? { classes: doc.classes } : {}),
    ...(cruxLedger?.length ? { cruxLedger } : {}),
    ...(summaries?.length ? { summaries } : {}),
    ...(rounds?.length ? { rounds } : {}),
    nodes,
  };
}

/** Reads a whole source back into a document (tests, small debates). */
export async function documentFromSource(source: DebateSource): Promise<DebateDocument> {
  const nodes: NodeRecord[] = [];
  for await (const n of source.nodes) nodes.push(n);
  return {
    format: FORMAT_ID,
    exportedAt: source.exportedAt ?? new Date().toISOString(),
    debate: source.debate,
    participants: source.participants,
    versions: source.versions,
    links: source.links ?? [],
    ...(source.classes ? { classes: source.classes } : {}),
    ...(source.cruxLedger?.length ? { cruxLedger: source.cruxLedger } : {}),
    ...(source.summaries?.length ? { summaries: source.summaries } : {}),
    ...(source.rounds?.length ? { rounds: source.rounds } : {}),
    nodes,
  };
}

export interface PlacedNode {
  node: NodeRecord;
  /** 0 for the root. */
  depth: number;
  parent: NodeRecord | null;
  /** 1-based position among its siblings. */
  siblingIndex: number;
  /** 0-based position in the stream. */
  index: number;
}

/**
 * Walks a pre-order stream keeping only the ancestor path (memory O(depth)),
 * and tells each exporter where a node sits. Throws FormatError("ORDER") if
 * a node's parent is not on the current path, i.e. the source is not pre-order.
 */
export async function* placeNodes(nodes: DebateSource["nodes"]): AsyncGenerator<PlacedNode> {
  const path: { node: NodeRecord; childCount: number }[] = [];
  let index = 0;
  for await (const node of nodes) {
    if (index === 0) {
      path.push({ node, childCount: 0 });
      yield { node, depth: 0, parent: null, siblingIndex: 1, index: index++ };
      continue;
    }
    while (path.length && path[path.length - 1]!.node.ref !== node.parentRef) path.pop();
    const top = path[path.length - 1];
    if (!top) {
      throw new FormatError("ORDER", `node ${JSON.stringify(node.ref)} arrived before (or without) its parent ${JSON.stringify(node.parentRef)}`, { path: `$.nodes[${index}]` }, "depth-first pre-order with a single root");
    }
    top.childCount++;
    const placed: PlacedNode = { node, depth: path.length, parent: top.node, siblingIndex: top.childCount, index: index++ };
    path.push({ node, childCount: 0 });
    yield placed;
  }
}
