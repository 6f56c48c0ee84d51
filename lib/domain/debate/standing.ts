// Weights, not knockdowns: a version's standing under the debate owner's rule, and the weight of
// what breaks it. The scoreboard (scoreboard.ts) says which live counterexamples apply to a
// version; this module decides which of them break it and how heavy they are.
//
// Rules (docs/decisions/014-weights-not-knockdowns.md):
// - ANY_LIVE (the default, today's behaviour): every live counterexample that applies breaks.
// - PLAUSIBILITY_THRESHOLD: a live counterexample that applies breaks when nobody has weighed it
//   yet (an unweighed counterexample keeps its knockdown force), or when the median of the latest
//   plausibility estimates is at least the threshold AND the latest severities do not say DEGRADES
//   by a majority (a tie counts as BREAKS). A degrading counterexample never breaks under this rule.
// Raising the threshold can only remove counterexamples from "breaks" (property-tested).
import type { BrokenRule, Severity, Side } from "@/lib/domain/vocabulary";
import type { Scoreboard } from "@/lib/domain/debate/scoreboard";

export interface StandingRule {
  rule: BrokenRule;
  /** 0–100; only read by PLAUSIBILITY_THRESHOLD. */
  threshold: number;
}

export const DEFAULT_STANDING_RULE: StandingRule = { rule: "ANY_LIVE", threshold: 50 };

export interface EstimateRow {
  nodeId: string;
  userId: string;
  side: Side;
  plausibility: number;
  severity: Severity;
  createdAt: Date | string;
}

export interface CounterexampleWeight {
  nodeId: string;
  /** People whose latest estimate counts. */
  estimates: number;
  median: number | null;
  bySide: { BUILDER: number | null; BREAKER: number | null; OBSERVER: number | null };
  breaksVotes: number;
  degradesVotes: number;
  /** The latest estimates' majority (tie: BREAKS); null when nobody has estimated. */
  severity: Severity | null;
}

export interface StandingWeight {
  /** Distinct classes among the counterexamples that break. */
  classes: number;
  /** Breaking counterexamples in no class. */
  unclassified: number;
  counterexamples: number;
  /** Over the latest estimates of every breaking counterexample, pooled (one per person and counterexample). */
  median: number | null;
  bySide: { BUILDER: number | null; BREAKER: number | null };
  estimates: number;
}

export interface WeightedStanding {
  number: number;
  nodeId: string;
  status: "stands" | "broken";
  /** Counterexamples that break this version under the rule, oldest first. */
  brokenBy: string[];
  /** Live counterexamples that apply but do not break under the rule (below the threshold, or degrading). */
  heldOff: string[];
  weight: StandingWeight;
}

/** The median of numbers (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const time = (d: Date | string) => (typeof d === "string" ? Date.parse(d) : d.getTime());

/** Each person's latest estimate per counterexample (a later createdAt wins; ties: the later row). */
export function latestEstimates(rows: readonly EstimateRow[]): EstimateRow[] {
  const latest = new Map<string, EstimateRow>();
  for (const r of rows) {
    const key = `${r.nodeId}\u0000${r.userId}`;
    const prev = latest.get(key);
    if (!prev || time(r.createdAt) >= time(prev.createdAt)) latest.set(key, r);
  }
  return [...latest.values()];
}

/** The weight of a pool of latest estimates: medians (by side too) and the severity majority (tie: BREAKS). */
function poolWeight(list: readonly EstimateRow[]): Omit<CounterexampleWeight, "nodeId"> {
  const of = (side: Side) => median(list.filter((r) => r.side === side).map((r) => r.plausibility));
  const breaksVotes = list.filter((r) => r.severity === "BREAKS").length;
  const degradesVotes = list.length - breaksVotes;
  return {
    estimates: list.length,
    median: median(list.map((r) => r.plausibility)),
    bySide: { BUILDER: of("BUILDER"), BREAKER: of("BREAKER"), OBSERVER: of("OBSERVER") },
    breaksVotes,
    degradesVotes,
    severity: list.length === 0 ? null : breaksVotes >= degradesVotes ? "BREAKS" : "DEGRADES",
  };
}

export function counterexampleWeights(rows: readonly EstimateRow[]): Map<string, CounterexampleWeight> {
  const byNode = new Map<string, EstimateRow[]>();
  for (const r of latestEstimates(rows)) byNode.set(r.nodeId, [...(byNode.get(r.nodeId) ?? []), r]);
  const out = new Map<string, CounterexampleWeight>();
  for (const [nodeId, list] of byNode) out.set(nodeId, { nodeId, ...poolWeight(list) });
  return out;
}

/** Whether one live, applying counterexample breaks the version under the rule. */
export function breaksUnderRule(weight: CounterexampleWeight | undefined, rule: StandingRule): boolean {
  if (rule.rule === "ANY_LIVE") return true;
  if (!weight || weight.estimates === 0 || weight.median === null) return true;
  return weight.median >= rule.threshold && weight.severity !== "DEGRADES";
}

/**
 * Every version's standing under the rule. `classOf` maps a counterexample to its class (absent:
 * unclassified). With ANY_LIVE, status and brokenBy equal the scoreboard's.
 */
export function computeStandings(input: {
  scoreboard: Pick<Scoreboard, "versions">;
  estimates: readonly EstimateRow[];
  classOf: ReadonlyMap<string, string>;
  rule: StandingRule;
}): WeightedStanding[] {
  const weights = counterexampleWeights(input.estimates);
  const latest = latestEstimates(input.estimates);
  return input.scoreboard.versions.map((v) => {
    const brokenBy: string[] = [];
    const heldOff: string[] = [];
    for (const id of v.brokenBy) (breaksUnderRule(weights.get(id), input.rule) ? brokenBy : heldOff).push(id);
    const breaking = new Set(brokenBy);
    const pooled = latest.filter((r) => breaking.has(r.nodeId));
    const classes = new Set(brokenBy.map((id) => input.classOf.get(id)).filter((c): c is string => c !== undefined));
    return {
      number: v.number,
      nodeId: v.nodeId,
      status: brokenBy.length ? "broken" : "stands",
      brokenBy,
      heldOff,
      weight: {
        classes: classes.size,
        unclassified: brokenBy.filter((id) => !input.classOf.has(id)).length,
        counterexamples: brokenBy.length,
        median: median(pooled.map((r) => r.plausibility)),
        bySide: {
          BUILDER: median(pooled.filter((r) => r.side === "BUILDER").map((r) => r.plausibility)),
          BREAKER: median(pooled.filter((r) => r.side === "BREAKER").map((r) => r.plausibility)),
        },
        estimates: pooled.length,
      },
    };
  });
}

export interface LiveClassWeight {
  classId: string;
  name: string;
  /** The class's live counterexamples that apply to the version: those that break first, then those held off. */
  members: string[];
  /** How many of them break the version under the rule. */
  breaking: number;
  /** Pooled over the latest estimates of those members (one per person and counterexample), like the header's weight. */
  weight: Omit<CounterexampleWeight, "nodeId">;
}

export interface LiveCounterexampleWeight {
  nodeId: string;
  classId: string | null;
  breaks: boolean;
  weight: CounterexampleWeight | null;
}

/**
 * The classes still live against one version, with their weights: a class is live when at least
 * one of its counterexamples applies to the version and is live (whether or not it breaks under
 * the rule). Classes that break come first, then the heavier (higher median; unweighed last).
 * Every live counterexample is listed too, with its class (null: unclassified) and own weight.
 */
export function liveClassWeights(input: {
  standing: Pick<WeightedStanding, "brokenBy" | "heldOff">;
  classes: readonly { id: string; name: string }[];
  classOf: ReadonlyMap<string, string>;
  estimates: readonly EstimateRow[];
}): { classes: LiveClassWeight[]; counterexamples: LiveCounterexampleWeight[] } {
  const breaking = new Set(input.standing.brokenBy);
  const live = [...input.standing.brokenBy, ...input.standing.heldOff];
  const latest = latestEstimates(input.estimates);
  const weights = counterexampleWeights(input.estimates);
  const classes: LiveClassWeight[] = [];
  for (const c of input.classes) {
    const members = live.filter((id) => input.classOf.get(id) === c.id);
    if (members.length === 0) continue;
    const set = new Set(members);
    classes.push({ classId: c.id, name: c.name, members, breaking: members.filter((id) => breaking.has(id)).length, weight: poolWeight(latest.filter((r) => set.has(r.nodeId))) });
  }
  classes.sort((a, b) => Number(b.breaking > 0) - Number(a.breaking > 0) || (b.weight.median ?? -1) - (a.weight.median ?? -1));
  const counterexamples = live.map((nodeId) => ({ nodeId, classId: input.classOf.get(nodeId) ?? null, breaks: breaking.has(nodeId), weight: weights.get(nodeId) ?? null }));
  return { classes, counterexamples };
}

const pct = (n: number) => `${Math.round(n)} %`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The header's sentence: "broken by 2 classes, median plausibility 15 %, builders 5 % / breakers 40 %". */
export function describeStanding(s: Pick<WeightedStanding, "status" | "heldOff" | "weight">): string {
  if (s.status === "stands") {
    return s.heldOff.length ? `stands (${plural(s.heldOff.length, "live counterexample", "live counterexamples")} below the rule)` : "stands";
  }
  const w = s.weight;
  const parts = [w.classes ? plural(w.classes, "class", "classes") : null, w.unclassified ? plural(w.unclassified, "counterexample", "counterexamples") : null]
    .filter(Boolean)
    .join(" and ");
  let text = `broken by ${parts}`;
  if (w.median === null) return `${text}, not yet weighed`;
  text += `, median plausibility ${pct(w.median)}`;
  const sides = [w.bySide.BUILDER === null ? null : `builders ${pct(w.bySide.BUILDER)}`, w.bySide.BREAKER === null ? null : `breakers ${pct(w.bySide.BREAKER)}`].filter(Boolean);
  return sides.length ? `${text}, ${sides.join(" / ")}` : text;
}
