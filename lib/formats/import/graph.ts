// The argument graph third-party formats describe, and how it becomes a debate.
// Argdown, AIF, Kialo and pasted threads read into this small graph (statements,
// typed relations from one statement to another, authors); graphToDocument then
// picks the main claim as the proposal, lays a tree over the relations (a
// breadth-first walk from the proposal against each relation's direction: the
// node a relation comes FROM becomes a child of the node it goes TO) and keeps
// every relation the tree cannot hold as a typed cross-link. Linear: each
// statement and relation is looked at a fixed number of times.

import type { DebateDocument, LinkType, NodeLinkRecord, NodeKind, NodeRecord, Participant, Side } from "../document";
import { FormatError } from "../errors";
import type { ImportLimits } from "../limits";
import { inferMove, type Stance } from "../semantics";
import { STEP_EVERY, type Steps } from "../steps";
import { defaultDebateMeta, emptyNode, finishDocument, IMPORTED_AUTHOR } from "./common";
import type { ImportReport } from "./report";

/** How one statement relates to another, in the words of the source formats. */
export type RelationType = "support" | "attack" | "undercut" | "contrary" | "contradictory" | "same" | "see-also" | "reply";


export interface GraphStatement {
  id: string;
  /** The text a reader sees (the node body). */
  text: string;
  title?: string;
  authorRef?: string;
  createdAt?: string;
  /** 1-based source line, for positioned errors. */
  line?: number;
  quote?: NodeRecord["quote"];
  /** Kind and side when the source says them (a pasted thread's review step); otherwise inferred. */
  kind?: NodeKind;
  side?: Side;
}

export interface GraphRelation {
  from: string;
  to: string;
  type: RelationType;
  authorRef?: string;
  createdAt?: string;
}

export interface ArgumentGraph {
  title: string;
  context: string;
  /** The proposal; absent: the main claim is chosen (see chooseRoot). */
  rootId?: string;
  statements: GraphStatement[];
  relations: GraphRelation[];
  participants: Participant[];
  /** Display names of authors the source names (ref → name); each becomes a participant on the side of their first move. */
  authorNames?: Map<string, string>;
  /** The proposal's version 1 text and date, when the source has them. */
  createdAt?: string;
}


const STANCE: Record<RelationType, Stance | null> = {
  support: "support",
  attack: "attack",
  undercut: "attack",
  contrary: "attack",
  contradictory: "attack",
  same: null,
  "see-also": null,
  // A dialogue reply (AIF's TA transition) that argues nothing: a tree edge for a neutral move, never a link.
  reply: "neutral",
};

const LINK_TYPE: Record<RelationType, LinkType | null> = {
  support: "SUPPORTS",
  attack: "ATTACKS",
  undercut: "ATTACKS",
  contrary: "ATTACKS",
  contradictory: "ATTACKS",
  same: "SAME_CLAIM",
  "see-also": "SEE_ALSO",
  reply: null,
};

export function* graphToDocument(
  graph: ArgumentGraph,
  options: { now: string; limits: ImportLimits; report?: ImportReport },
): Steps<DebateDocument> {
  const { now, limits, report } = options;
  const count = graph.statements.length;
  if (count === 0) throw new FormatError("SYNTAX", "no claims found", { line: 1, column: 1 }, "at least one statement");
  if (count > limits.maxNodes) {
    throw new FormatError("TOO_MANY_NODES", `${count} claims exceed the limit`, { line: graph.statements[limits.maxNodes]?.line ?? 1, column: 1 }, `at most ${limits.maxNodes} nodes`);
  }
  const indexById = new Map<string, number>();
  for (let i = 0; i < count; i++) indexById.set(graph.statements[i]!.id, i);

  // incoming[i]: relations (by index) whose target is statement i and that can be a tree edge.
  const incoming: number[][] = Array.from({ length: count }, () => []);
  const hasOutgoing = new Uint8Array(count);
  for (let r = 0; r < graph.relations.length; r++) {
    if (r % STEP_EVERY === 0) yield;
    const rel = graph.relations[r]!;
    const from = indexById.get(rel.from);
    const to = indexById.get(rel.to);
    if (from === undefined || to === undefined) throw new Error(`graph relation to an unknown statement (${rel.from} -> ${rel.to})`);
    if (STANCE[rel.type] === null || from === to) continue;
    incoming[to]!.push(r);
    hasOutgoing[from] = 1;
  }

  const root = graph.rootId !== undefined && indexById.has(graph.rootId) ? indexById.get(graph.rootId)! : yield* chooseRoot(graph, incoming, hasOutgoing, indexById);

  const treeRelation = new Int32Array(count).fill(-1);
  const placed = new Uint8Array(count);
  const order: number[] = [];
  const nodes: NodeRecord[] = [];
  const lineOfNode: number[] = [];
  const nodeIndex = new Int32Array(count).fill(-1);
  const refOf = (i: number) => `s${i + 1}`;

  const place = (i: number, parent: number, relation: number) => {
    const s = graph.statements[i]!;
    let kind: NodeKind;
    let side: Side;
    if (parent < 0) {
      kind = "PROPOSAL";
      side = "BUILDER";
    } else {
      const p = nodes[nodeIndex[parent]!]!;
      const stance = relation >= 0 ? STANCE[graph.relations[relation]!.type]! : "neutral";
      const inferred = inferMove(stance, p, s.text);
      kind = s.kind ?? inferred.kind;
      side = s.side ?? inferred.side;
    }
    const node = emptyNode({
      ref: refOf(i),
      parentRef: parent < 0 ? null : refOf(parent),
      kind,
      side,
      authorRef: s.authorRef ?? IMPORTED_AUTHOR[side],
      title: s.title ?? "",
      body: s.text,
      quote: s.quote ?? null,
      createdAt: s.createdAt ?? now,
    });
    placed[i] = 1;
    treeRelation[i] = relation;
    nodeIndex[i] = nodes.length;
    nodes.push(node);
    lineOfNode.push(s.line ?? 1);
    order.push(i);
  };

  // Breadth-first from one start; the queue is the `order` array itself (read position `head`).
  let head = 0;
  const walk = function* () {
    for (; head < order.length; head++) {
      if (head % STEP_EVERY === 0) yield;
      const at = order[head]!;
      for (const r of incoming[at]!) {
        const child = indexById.get(graph.relations[r]!.from)!;
        if (!placed[child]) place(child, at, r);
      }
    }
  };
  place(root, -1, -1);
  yield* walk();
  // Other top-level claims (and statements only reachable against a relation) go under the proposal.
  let detached = 0;
  for (const pass of [true, false]) {
    for (let i = 0; i < count; i++) {
      if (i % STEP_EVERY === 0) yield;
      if (placed[i] || (pass && hasOutgoing[i])) continue;
      detached++;
      place(i, root, -1);
      yield* walk();
    }
  }
  report?.note("detached", detached);

  // Every relation that is not the edge from a node to its parent stays as a cross-link.
  const links: NodeLinkRecord[] = [];
  const linkKeys = new Set<string>();
  for (let r = 0; r < graph.relations.length; r++) {
    if (r % STEP_EVERY === 0) yield;
    const rel = graph.relations[r]!;
    const from = indexById.get(rel.from)!;
    const to = indexById.get(rel.to)!;
    if (rel.type === "undercut") report?.note("undercuts");
    if (rel.type === "contrary" || rel.type === "contradictory") report?.note("contraries");
    if (treeRelation[from] === r) continue;
    const type = LINK_TYPE[rel.type];
    const key = `${from} ${to} ${type}`;
    if (type === null || from === to || linkKeys.has(key)) continue;
    linkKeys.add(key);
    if (rel.type !== "see-also") report?.note("crossLinks");
    const author = rel.authorRef ?? nodes[nodeIndex[from]!]!.authorRef;
    links.push({ fromRef: refOf(from), toRef: refOf(to), type, authorRef: author, createdAt: rel.createdAt ?? now });
  }

  const debate = { ...defaultDebateMeta(graph.title, graph.createdAt ?? now), context: graph.context };
  const participants = [...graph.participants];
  if (graph.authorNames) {
    const known = new Set(participants.map((p) => p.ref));
    for (const n of nodes) {
      const name = graph.authorNames.get(n.authorRef);
      if (name === undefined || known.has(n.authorRef)) continue;
      known.add(n.authorRef);
      participants.push({ ref: n.authorRef, displayName: name, side: n.side });
    }
  }
  return yield* finishDocument({ exportedAt: now, debate, participants, versions: null, links, nodes }, lineOfNode, limits);
}

/**
 * The main claim when the source does not name one: among the statements that
 * relate to nothing else (conclusions), the one the most statements lead to.
 * Conclusions claim what leads to them in document order (each statement is
 * claimed once, so this stays linear); the largest claim wins, the earliest on
 * a tie. Without any such statement (everything in cycles), the first one.
 */
function* chooseRoot(graph: ArgumentGraph, incoming: number[][], hasOutgoing: Uint8Array, indexById: Map<string, number>): Steps<number> {
  const count = graph.statements.length;
  const claimed = new Uint8Array(count);
  const queue: number[] = [];
  let best = -1;
  let bestSize = 0;
  for (let start = 0; start < count; start++) {
    if (hasOutgoing[start] || claimed[start]) continue;
    const from = queue.length;
    claimed[start] = 1;
    queue.push(start);
    for (let head = from; head < queue.length; head++) {
      if (head % STEP_EVERY === 0) yield;
      for (const r of incoming[queue[head]!]!) {
        const child = indexById.get(graph.relations[r]!.from)!;
        if (!claimed[child]) {
          claimed[child] = 1;
          queue.push(child);
        }
      }
    }
    if (queue.length - from > bestSize) {
      best = start;
      bestSize = queue.length - from;
    }
  }
  return best < 0 ? 0 : best;
}

