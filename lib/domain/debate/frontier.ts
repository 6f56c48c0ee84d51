// The frontier: open moves waiting for someone. It tells each side where to
// play next. "Live" and "whose move" have one definition, the scoreboard's: the
// Builder's moves are exactly the live counterexamples that break the current
// version (scoreboard.current.brokenBy), so the scoreboard, this list and the
// stuck signal cannot disagree (docs/decisions/002).
import type { NodeRow } from "@/lib/domain/debate/tree";
import { visibilityStates } from "@/lib/domain/debate/pruning";
import { computeScoreboard, refutedByEvidence, type Scoreboard, type ScoreNode, type VersionRef } from "@/lib/domain/debate/scoreboard";

export type FrontierNode = ScoreNode & Pick<NodeRow, "authorId">;

export interface FrontierItem<T extends FrontierNode = FrontierNode> {
  node: T;
  /** For breaker items: the proposal version this node created. */
  version?: number;
  /**
   * For builder items: visible rebuttals still waiting to be accepted. The counterexample
   * breaks the proposal until one is accepted, so it stays the Builder's move meanwhile.
   */
  awaitingAcceptance?: string[];
}

export interface Frontier<T extends FrontierNode = FrontierNode> {
  /** Live counterexamples that break the current version (the scoreboard's brokenBy). */
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
  scoreboard: Scoreboard = computeScoreboard({ versions, nodes }),
): Frontier<T> {
  const visibility = visibilityStates(nodes);
  const isShown = (n: T) => n.retractedAt === null && visibility.get(n.id) === "open";
  const byId = new Map(nodes.map((n) => [n.id, n]));

  // Replies that count: not retracted and not pruned/folded away.
  const shownChildren = new Map<string, T[]>();
  const attackedVersions = new Set<number>();
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
  }
  const versionOfNode = new Map(versions.map((v) => [v.nodeId, v.number]));
  const hasChild = (id: string, kind?: T["kind"]) =>
    (shownChildren.get(id) ?? []).some((c) => kind === undefined || c.kind === kind);

  const frontier: Frontier<T> = { builder: [], breaker: [], openQuestions: [] };
  for (const id of scoreboard.current?.brokenBy ?? []) {
    const node = byId.get(id);
    if (!node) continue;
    const awaitingAcceptance = (shownChildren.get(id) ?? [])
      .filter((c) => c.kind === "REBUTTAL" && c.acceptedAt === null && !refutedByEvidence(c))
      .map((c) => c.id);
    frontier.builder.push({ node, awaitingAcceptance });
  }
  for (const n of nodes) {
    if (!isShown(n)) continue;
    if (n.kind === "PROPOSAL" || n.kind === "PATCH") {
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
  /**
   * "no-moves-left": every frontier list is empty (no counterexample breaks the current
   * version, every version has been attacked, no question is open); "idle": no move for
   * longer than the debate's threshold.
   */
  reason: "idle" | "no-moves-left" | null;
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
  prunedBranches: readonly B[];
  thresholdMs: number;
}): StuckSignal<B> {
  // The structural reason wins. "Nobody has a move" means exactly that every list of the
  // frontier is empty; a broken proposal always leaves the Builder a move, so it never is.
  let reason: StuckSignal["reason"] = null;
  if (frontierSize(input.frontier) === 0) reason = "no-moves-left";
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
