// Calibration and prediction summaries for empirical claims, and what a
// resolution touches elsewhere in the tree.
import type { NodeKind, Outcome, ResolutionMode, Side } from "@/lib/domain/vocabulary";
import { buildForest, descendantIds, type TreeRow } from "@/lib/domain/debate/tree";

export interface PredictionRow {
  id?: string;
  nodeId: string;
  userId: string;
  side: Side;
  probability: number;
  createdAt: Date;
}

export interface Stats {
  count: number;
  mean: number;
  median: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Stats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    count: sorted.length,
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    median,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

/**
 * Each participant's latest prediction per claim (every prediction is kept;
 * the latest counts). With `before`, only predictions strictly before it.
 */
export function latestPredictions<P extends PredictionRow>(
  predictions: readonly P[],
  before?: Date,
): P[] {
  const latest = new Map<string, P>();
  for (const p of predictions) {
    if (before && p.createdAt.getTime() >= before.getTime()) continue;
    const key = `${p.nodeId}\u0000${p.userId}`;
    const seen = latest.get(key);
    if (!seen || p.createdAt.getTime() >= seen.createdAt.getTime()) latest.set(key, p);
  }
  return [...latest.values()];
}

export interface ResolvedClaim {
  nodeId: string;
  outcome: Outcome;
  /** When the current resolution was made; predictions from then on do not count. */
  resolvedAt: Date;
}

export interface BrierScore {
  userId: string;
  /** Mean squared error of the probability of SUPPORTED; 0 is perfect, 0.25 is always saying 50%. */
  brier: number;
  claimsScored: number;
}

/** Brier score per participant, best first. INCONCLUSIVE claims are not scored. */
export function brierScores(claims: readonly ResolvedClaim[], predictions: readonly PredictionRow[]): BrierScore[] {
  const byClaim = new Map<string, PredictionRow[]>();
  for (const p of predictions) {
    const list = byClaim.get(p.nodeId) ?? [];
    list.push(p);
    byClaim.set(p.nodeId, list);
  }
  const totals = new Map<string, { sum: number; count: number }>();
  for (const claim of claims) {
    if (claim.outcome === "INCONCLUSIVE") continue;
    const truth = claim.outcome === "SUPPORTED" ? 1 : 0;
    for (const p of latestPredictions(byClaim.get(claim.nodeId) ?? [], claim.resolvedAt)) {
      const t = totals.get(p.userId) ?? { sum: 0, count: 0 };
      t.sum += (p.probability - truth) ** 2;
      t.count += 1;
      totals.set(p.userId, t);
    }
  }
  return [...totals.entries()]
    .map(([userId, t]) => ({ userId, brier: t.sum / t.count, claimsScored: t.count }))
    .sort((a, b) => a.brier - b.brier || (a.userId < b.userId ? -1 : 1));
}

export type SideDistribution = Record<Side, Stats | null>;

/** Spread of the latest predictions on one claim, per side of the predictor. */
export function predictionDistribution(predictions: readonly PredictionRow[], before?: Date): SideDistribution {
  const values: Record<Side, number[]> = { BUILDER: [], BREAKER: [], OBSERVER: [] };
  for (const p of latestPredictions(predictions, before)) values[p.side]?.push(p.probability);
  return {
    BUILDER: summarize(values.BUILDER),
    BREAKER: summarize(values.BREAKER),
    OBSERVER: summarize(values.OBSERVER),
  };
}

export interface PropagationNode extends TreeRow {
  kind: NodeKind;
  answersNodeIds: string[];
}

export interface Propagation {
  /** Descendants of the claim and nodes answering it, in that order, without repeats. */
  reviewNodeIds: string[];
  /** An empirical counterexample refuted by evidence no longer breaks anything. */
  counterexampleDefeated: boolean;
}

/** What to look at again after a claim is resolved. */
export function resolutionPropagation(
  claim: { id: string; kind: NodeKind; resolutionMode: ResolutionMode },
  outcome: Outcome,
  nodes: readonly PropagationNode[],
): Propagation {
  const review = new Set(descendantIds(buildForest(nodes), claim.id));
  for (const n of nodes) {
    if (n.id !== claim.id && n.answersNodeIds.includes(claim.id)) review.add(n.id);
  }
  return {
    reviewNodeIds: [...review],
    counterexampleDefeated:
      claim.kind === "COUNTEREXAMPLE" && claim.resolutionMode === "EMPIRICAL" && outcome === "REFUTED",
  };
}
