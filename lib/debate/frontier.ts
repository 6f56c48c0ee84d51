// The frontier: open moves waiting for someone. It tells each side where to
// play next, and an empty frontier on a broken proposal means the debate is stuck.
import type { NodeRow } from "./tree";
import { visibilityStates } from "./pruning";
import { counterexampleDispositions, type ScoreNode, type VersionRef } from "./scoreboard";

export type FrontierNode = ScoreNode & Pick<NodeRow, "authorId">;

export interface FrontierItem<T extends FrontierNode = FrontierNode> {
  node: T;
  /** For breaker items: the proposal version this node created. */
  version?: number;
}

export interface Frontier<T extends FrontierNode = FrontierNode> {
  /** Live counterexamples with no answering patch and no rebuttal yet. */
  builder: FrontierItem<T>[];
  /** Proposal versions nobody has attacked yet. */
  breaker: FrontierItem<T>[];
  /** Questions nobody has replied to. */
  openQuestions: FrontierItem<T>[];
}

const oldestFirst = (a: FrontierItem, b: FrontierItem) =>
  a.node.createdAt.getTime() - b.node.createdAt.getTime() || (a.node.id < b.node.id ? -1 : 1);

export function computeFrontier<T extends FrontierNode>(
  nodes: readonly T[],
  versions: readonly VersionRef[],
): Frontier<T> {
  const visibility = visibilityStates(nodes);
  const dispositions = counterexampleDispositions(nodes);
  const isShown = (n: T) => n.retractedAt === null && visibility.get(n.id) === "open";

  // Replies that count: not retracted and not pruned/folded away.
  const shownChildren = new Map<string, T[]>();
  const attackedVersions = new Set<number>();
  const answered = new Set<string>();
  for (const n of nodes) {
    if (n.parentId !== null && isShown(n)) {
      const list = shownChildren.get(n.parentId) ?? [];
      list.push(n);
      shownChildren.set(n.parentId, list);
    }
    // Any non-retracted attack counts as an attack, even if later set aside.
    if (n.kind === "COUNTEREXAMPLE" && n.retractedAt === null) {
      for (const t of n.targetVersions) attackedVersions.add(t);
    }
    if (n.kind === "PATCH" && n.retractedAt === null) {
      for (const id of n.answersNodeIds) answered.add(id);
    }
  }
  const versionOfNode = new Map(versions.map((v) => [v.nodeId, v.number]));
  const hasChild = (id: string, kind?: T["kind"]) =>
    (shownChildren.get(id) ?? []).some((c) => kind === undefined || c.kind === kind);

  const frontier: Frontier<T> = { builder: [], breaker: [], openQuestions: [] };
  for (const n of nodes) {
    if (!isShown(n)) continue;
    if (n.kind === "COUNTEREXAMPLE") {
      const live = dispositions.get(n.id)?.disposition === "live";
      if (live && !answered.has(n.id) && !hasChild(n.id, "REBUTTAL")) frontier.builder.push({ node: n });
    } else if (n.kind === "PROPOSAL" || n.kind === "PATCH") {
      const version = versionOfNode.get(n.id);
      if (version !== undefined && !attackedVersions.has(version) && !hasChild(n.id, "COUNTEREXAMPLE")) {
        frontier.breaker.push({ node: n, version });
      }
    } else if (n.kind === "QUESTION") {
      if (!hasChild(n.id)) frontier.openQuestions.push({ node: n });
    }
  }
  frontier.builder.sort(oldestFirst);
  frontier.breaker.sort(oldestFirst);
  frontier.openQuestions.sort(oldestFirst);
  return frontier;
}

export function frontierSize(frontier: Frontier<FrontierNode>): number {
  return frontier.builder.length + frontier.breaker.length + frontier.openQuestions.length;
}

export interface PrunedBranchSummary {
  nodeId: string;
  promise: number | null;
  branchSize: number;
}

export interface StuckSignal<B extends PrunedBranchSummary = PrunedBranchSummary> {
  stuck: boolean;
  reason: "idle" | "empty-frontier-while-broken" | null;
  /** When stuck: up to three pruned branches worth reopening, most promising (then largest) first. */
  suggestions: B[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The idle threshold for a debate's `stuckAfterDays` setting. */
export function stuckThresholdMs(stuckAfterDays: number): number {
  return stuckAfterDays * DAY_MS;
}

/** Whole days since the last move (what the stuck banner shows). */
export function idleDays(lastMoveAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - lastMoveAt.getTime()) / DAY_MS));
}

export function stuckSignal<B extends PrunedBranchSummary>(input: {
  frontier: Frontier<FrontierNode>;
  lastMoveAt: Date;
  now: Date;
  currentVersionBroken: boolean;
  prunedBranches: readonly B[];
  thresholdMs: number;
}): StuckSignal<B> {
  // The structural reason wins: nobody has a move although the proposal is broken.
  let reason: StuckSignal["reason"] = null;
  if (input.currentVersionBroken && frontierSize(input.frontier) === 0) reason = "empty-frontier-while-broken";
  else if (input.now.getTime() - input.lastMoveAt.getTime() >= input.thresholdMs) reason = "idle";
  if (reason === null) return { stuck: false, reason: null, suggestions: [] };

  const suggestions = [...input.prunedBranches]
    .sort(
      (a, b) =>
        (b.promise ?? -1) - (a.promise ?? -1) ||
        b.branchSize - a.branchSize ||
        (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0),
    )
    .slice(0, 3);
  return { stuck: true, reason, suggestions };
}
