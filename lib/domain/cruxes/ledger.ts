// The crux ledger: what would change each participant's mind, and whether it did.
// Pure arithmetic over estimate and follow-up rows (docs/cruxes.md says it in words).
//
// An estimate is a participant's credence in the claim's PARENT now, and what it
// would be if the claim turned out true / false. For a claim directly under the
// proposal the parent is the proposal: the credence is in the plan standing.
import type { Side } from "@/lib/domain/vocabulary";

export interface EstimateRow {
  nodeId: string;
  userId: string;
  side: Side;
  credence: number;
  ifTrue: number;
  ifFalse: number;
  createdAt: Date;
}

export interface FollowUpRow {
  nodeId: string;
  userId: string;
  claimTrue: boolean;
  credence: number;
  confirmed: boolean;
  createdAt: Date;
}

/** A move at least this large (on 0–1) counts as "a lot" for a double crux. */
export const DOUBLE_CRUX_MIN_MOVE = 0.2;
/** An actual update smaller than this counts as "did not move". */
export const MOVED_EPSILON = 0.05;

const byTime = (a: { createdAt: Date }, b: { createdAt: Date }) => a.createdAt.getTime() - b.createdAt.getTime();

/** Each participant's latest row (rows in any order; ties keep the later in input order). */
export function latestPerUser<R extends { userId: string; createdAt: Date }>(rows: readonly R[]): R[] {
  const latest = new Map<string, R>();
  for (const row of rows) {
    const seen = latest.get(row.userId);
    if (!seen || row.createdAt.getTime() >= seen.createdAt.getTime()) latest.set(row.userId, row);
  }
  return [...latest.values()].sort(byTime);
}

/** How much the claim matters to someone: |ifTrue − ifFalse|. */
export function stake(e: Pick<EstimateRow, "ifTrue" | "ifFalse">): number {
  return Math.abs(e.ifTrue - e.ifFalse);
}

/**
 * The larger of the two conditional moves away from the credence now, signed (+ up,
 * − down). 0 when both moves are equally large in opposite directions (no direction).
 */
export function largestMove(e: Pick<EstimateRow, "credence" | "ifTrue" | "ifFalse">): number {
  const up = e.ifTrue - e.credence;
  const down = e.ifFalse - e.credence;
  if (Math.abs(up) === Math.abs(down)) return Math.sign(up) === Math.sign(down) ? up : 0;
  return Math.abs(up) > Math.abs(down) ? up : down;
}

/**
 * The probability the participant gives the claim: their prediction on it when they
 * made one, else the one their own numbers imply (credence = q·ifTrue + (1−q)·ifFalse),
 * clamped to 0–1; 0.5 when the conditionals are equal (nothing to infer from).
 */
export function claimProbability(e: Pick<EstimateRow, "credence" | "ifTrue" | "ifFalse">, prediction?: number | null): number {
  if (prediction !== undefined && prediction !== null) return clamp01(prediction);
  const spread = e.ifTrue - e.ifFalse;
  if (spread === 0) return 0.5;
  return clamp01((e.credence - e.ifFalse) / spread);
}

/** How far the participant expects to move: q·|ifTrue − now| + (1−q)·|ifFalse − now|. */
export function expectedMove(e: Pick<EstimateRow, "credence" | "ifTrue" | "ifFalse">, prediction?: number | null): number {
  const q = claimProbability(e, prediction);
  return q * Math.abs(e.ifTrue - e.credence) + (1 - q) * Math.abs(e.ifFalse - e.credence);
}

export interface DoubleCruxPair {
  builderId: string;
  breakerId: string;
  builderMove: number;
  breakerMove: number;
}

/**
 * A claim is a double crux when some Builder and some Breaker would each move at
 * least DOUBLE_CRUX_MIN_MOVE, in opposite directions (one's largest move up, the
 * other's down). Only latest estimates count; observers never do. Returns the pairs,
 * strongest first (by the smaller of the two moves).
 */
export function doubleCruxPairs(estimates: readonly EstimateRow[]): DoubleCruxPair[] {
  const latest = latestPerUser(estimates);
  const big = (side: Side) =>
    latest.filter((e) => e.side === side).map((e) => ({ userId: e.userId, move: largestMove(e) })).filter((m) => Math.abs(m.move) >= DOUBLE_CRUX_MIN_MOVE);
  const pairs: DoubleCruxPair[] = [];
  for (const b of big("BUILDER")) {
    for (const k of big("BREAKER")) {
      if (Math.sign(b.move) === -Math.sign(k.move)) pairs.push({ builderId: b.userId, breakerId: k.userId, builderMove: b.move, breakerMove: k.move });
    }
  }
  const strength = (p: DoubleCruxPair) => Math.min(Math.abs(p.builderMove), Math.abs(p.breakerMove));
  return pairs.sort((a, b) => strength(b) - strength(a));
}

export function isDoubleCrux(estimates: readonly EstimateRow[]): boolean {
  return doubleCruxPairs(estimates).length > 0;
}

/** The claim's expected belief change: the sum of every participant's expected move (latest estimates). */
export function expectedBeliefChange(estimates: readonly EstimateRow[], predictions: ReadonlyMap<string, number> = new Map()): number {
  return latestPerUser(estimates).reduce((sum, e) => sum + expectedMove(e, predictions.get(e.userId)), 0);
}

/** How the claim was settled, if it was: empirically, or conceded (pruned as conceded or refuted). */
export interface Verdict {
  claimTrue: boolean;
  via: "empirical" | "conceded";
  at: Date;
}

/**
 * The claim's verdict. An empirical resolution says SUPPORTED (true) or REFUTED
 * (false); INCONCLUSIVE settles nothing. Otherwise a prune as CONCEDED or REFUTED
 * while the node stays pruned means its side gave it up: false.
 */
export function claimVerdict(input: {
  empirical: { status: "open" | "resolved" | "disputed"; outcome: string | null; resolvedAt: Date | null };
  prune: { prunedAt: Date | null; category: string | null };
}): Verdict | null {
  const { empirical, prune } = input;
  if (empirical.status === "resolved" && empirical.resolvedAt && (empirical.outcome === "SUPPORTED" || empirical.outcome === "REFUTED")) {
    return { claimTrue: empirical.outcome === "SUPPORTED", via: "empirical", at: empirical.resolvedAt };
  }
  if (prune.prunedAt && (prune.category === "CONCEDED" || prune.category === "REFUTED")) {
    return { claimTrue: false, via: "conceded", at: prune.prunedAt };
  }
  return null;
}

export interface PersonLedger {
  userId: string;
  side: Side;
  credence: number;
  ifTrue: number;
  ifFalse: number;
  stake: number;
  expectedMove: number;
  /** Number of estimates this person recorded (history length). */
  updates: number;
  /** After a verdict: the update they pre-committed to (pre-committed credence − credence then). */
  precommittedUpdate: number | null;
  /** After their follow-up: the update they actually made; null while they have not answered. */
  actualUpdate: number | null;
  actualCredence: number | null;
  confirmed: boolean | null;
}

export interface ClaimLedger {
  nodeId: string;
  people: PersonLedger[];
  doubleCrux: boolean;
  pairs: DoubleCruxPair[];
  expectedBeliefChange: number;
  verdict: Verdict | null;
  /** After a verdict: "awaiting" until someone answers; "moved" when someone's actual update ≥ MOVED_EPSILON; else "moved-nobody". */
  outcome: "unresolved" | "awaiting" | "moved" | "moved-nobody";
}

/**
 * One claim's ledger. Estimates count as of the verdict (later ones cannot exist:
 * the service refuses them); follow-ups count only when written after the verdict
 * and for the same truth value, so a reopened and re-resolved claim asks again.
 */
export function claimLedger(input: {
  nodeId: string;
  estimates: readonly EstimateRow[];
  followUps: readonly FollowUpRow[];
  verdict: Verdict | null;
  predictions?: ReadonlyMap<string, number>;
}): ClaimLedger {
  const { verdict } = input;
  const predictions = input.predictions ?? new Map<string, number>();
  const estimates = input.estimates.filter((e) => !verdict || e.createdAt.getTime() <= verdict.at.getTime());
  const counts = new Map<string, number>();
  for (const e of estimates) counts.set(e.userId, (counts.get(e.userId) ?? 0) + 1);
  const answered = verdict
    ? new Map(latestPerUser(input.followUps.filter((f) => f.claimTrue === verdict.claimTrue && f.createdAt.getTime() >= verdict.at.getTime())).map((f) => [f.userId, f]))
    : new Map<string, FollowUpRow>();
  const people = latestPerUser(estimates).map((e): PersonLedger => {
    const precommitted = verdict ? (verdict.claimTrue ? e.ifTrue : e.ifFalse) : null;
    const follow = answered.get(e.userId);
    return {
      userId: e.userId,
      side: e.side,
      credence: e.credence,
      ifTrue: e.ifTrue,
      ifFalse: e.ifFalse,
      stake: stake(e),
      expectedMove: expectedMove(e, predictions.get(e.userId)),
      updates: counts.get(e.userId) ?? 0,
      precommittedUpdate: precommitted === null ? null : precommitted - e.credence,
      actualUpdate: follow ? follow.credence - e.credence : null,
      actualCredence: follow ? follow.credence : null,
      confirmed: follow ? follow.confirmed : null,
    };
  });
  const pairs = doubleCruxPairs(estimates);
  const answers = people.filter((p) => p.actualUpdate !== null);
  const outcome = !verdict
    ? "unresolved"
    : answers.length === 0
      ? "awaiting"
      : answers.some((p) => Math.abs(p.actualUpdate!) >= MOVED_EPSILON)
        ? "moved"
        : "moved-nobody";
  return {
    nodeId: input.nodeId,
    people,
    doubleCrux: pairs.length > 0,
    pairs,
    expectedBeliefChange: expectedBeliefChange(estimates, predictions),
    verdict,
    outcome,
  };
}

/** Group rows by node id. */
export function byNode<R extends { nodeId: string }>(rows: readonly R[]): Map<string, R[]> {
  const map = new Map<string, R[]>();
  for (const r of rows) {
    const list = map.get(r.nodeId);
    if (list) list.push(r);
    else map.set(r.nodeId, [r]);
  }
  return map;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
