// Which proposal versions stand, and why. A counterexample C applies to
// version v iff some target t <= v of C has no non-retracted patch answering
// C whose version a satisfies t < a <= v: a patch only fixes versions from its
// own onwards, and a later target re-breaks the proposal.
import type { NodeRow } from "@/lib/domain/debate/tree";
import { visibilityStates } from "@/lib/domain/debate/pruning";

export type ScoreNode = Pick<
  NodeRow,
  | "id"
  | "parentId"
  | "kind"
  | "createdAt"
  | "prunedAt"
  | "retractedAt"
  | "acceptedAt"
  | "targetVersions"
  | "answersNodeIds"
  | "resolutionMode"
  | "outcome"
>;

export interface VersionRef {
  number: number;
  nodeId: string;
}

/** Why a counterexample no longer counts; "live" when it does. */
export type CounterexampleDisposition = "live" | "retracted" | "defeated" | "rebutted" | "set-aside";

export type CoverageCell =
  | { status: "breaks" }
  | { status: "answered"; patchId: string; version: number }
  | { status: "rebutted"; rebuttalId: string }
  | { status: "defeated" }
  | { status: "set-aside" }
  | { status: "retracted" }
  | { status: "not-targeted" };

export interface CounterexampleSummary {
  id: string;
  disposition: CounterexampleDisposition;
  targetVersions: number[];
  /** Set when disposition is "rebutted". */
  acceptedRebuttalId: string | null;
  /** Non-retracted patches answering it, by version. */
  answeredBy: { patchId: string; version: number }[];
  /**
   * Standing supports: SUPPORT replies and SUPPORTS links from nodes neither retracted nor pruned.
   * Weight shown beside the counterexample; it never changes the disposition (docs/decisions/012-support-and-links.md).
   */
  supports: number;
}

export interface VersionStanding {
  number: number;
  nodeId: string;
  status: "stands" | "broken";
  /** Live counterexamples that apply to this version, oldest first. */
  brokenBy: string[];
}

export interface Scoreboard {
  versions: VersionStanding[];
  counterexamples: CounterexampleSummary[];
  /** One row per version, cells in the order of `counterexamples`. */
  coverage: { version: number; cells: { counterexampleId: string; cell: CoverageCell }[] }[];
  /** The latest version's standing; null when there are no versions. */
  current: VersionStanding | null;
}

/**
 * The scoreboard as the debate page receives it: the coverage table is left out, since each of its
 * cells is coverageCell(counterexample, version) and the page draws a page of them at a time
 * (a 100,000-node debate's table is 25,000 columns: 9 of its 17 MB of analyses).
 */
export type ScoreboardSummary = Omit<Scoreboard, "coverage">;

/** A claim an empirical resolution found false (an EMPIRICAL node resolved REFUTED). */
export function refutedByEvidence(n: Pick<ScoreNode, "resolutionMode" | "outcome">): boolean {
  return n.resolutionMode === "EMPIRICAL" && n.outcome === "REFUTED";
}

/**
 * Whether an accepted rebuttal knocks out the counterexample it answers: it must be
 * accepted, not retracted, and not refuted by its own empirical resolution. A refuted
 * rebuttal cannot be accepted (acceptRebuttal refuses it), and one accepted before its
 * resolution stops counting once refuted (docs/decisions/002).
 */
export function rebuttalCounts(n: Pick<ScoreNode, "kind" | "acceptedAt" | "retractedAt" | "resolutionMode" | "outcome">): boolean {
  return n.kind === "REBUTTAL" && n.acceptedAt !== null && n.retractedAt === null && !refutedByEvidence(n);
}

/** Disposition of every counterexample, and the accepted rebuttal behind "rebutted". */
export function counterexampleDispositions(
  nodes: readonly ScoreNode[],
): Map<string, { disposition: CounterexampleDisposition; acceptedRebuttalId: string | null }> {
  const visibility = visibilityStates(nodes);
  const acceptedRebuttal = new Map<string, string>();
  for (const n of nodes) {
    if (n.parentId !== null && rebuttalCounts(n)) {
      if (!acceptedRebuttal.has(n.parentId)) acceptedRebuttal.set(n.parentId, n.id);
    }
  }
  const out = new Map<string, { disposition: CounterexampleDisposition; acceptedRebuttalId: string | null }>();
  for (const n of nodes) {
    if (n.kind !== "COUNTEREXAMPLE") continue;
    const rebuttalId = acceptedRebuttal.get(n.id) ?? null;
    // Most permanent reason first: withdrawn, then settled by evidence, by argument, and set aside.
    let disposition: CounterexampleDisposition = "live";
    if (n.retractedAt !== null) disposition = "retracted";
    else if (refutedByEvidence(n)) disposition = "defeated";
    else if (rebuttalId !== null) disposition = "rebutted";
    else if (visibility.get(n.id) !== "open") disposition = "set-aside";
    out.set(n.id, { disposition, acceptedRebuttalId: disposition === "rebutted" ? rebuttalId : null });
  }
  return out;
}

/**
 * The patch that answers C at version v, or null when C applies to v.
 * Only defined for versions C targets (some t <= v).
 */
function answeringPatchAt(
  targets: readonly number[],
  answers: readonly { patchId: string; version: number }[],
  v: number,
): { patchId: string; version: number } | null {
  // Answered for every t <= v iff answered after the latest such t.
  const latestTarget = Math.max(...targets.filter((t) => t <= v));
  let best: { patchId: string; version: number } | null = null;
  for (const a of answers) {
    if (a.version > latestTarget && a.version <= v && (best === null || a.version < best.version)) best = a;
  }
  return best;
}

export function computeScoreboard(input: {
  versions: readonly VersionRef[];
  nodes: readonly ScoreNode[];
  /** Typed cross-links; only SUPPORTS ones count (as weight). */
  links?: readonly { fromId: string; toId: string; type: string }[];
}): Scoreboard {
  const versions = [...input.versions].sort((a, b) => a.number - b.number);
  const versionOfNode = new Map(versions.map((v) => [v.nodeId, v.number]));
  const dispositions = counterexampleDispositions(input.nodes);

  const answersFor = new Map<string, { patchId: string; version: number }[]>();
  for (const n of input.nodes) {
    if (n.kind !== "PATCH" || n.retractedAt !== null) continue;
    const version = versionOfNode.get(n.id);
    if (version === undefined) continue; // a patch that created no version answers nothing
    for (const ceId of new Set(n.answersNodeIds)) {
      const list = answersFor.get(ceId) ?? [];
      list.push({ patchId: n.id, version });
      answersFor.set(ceId, list);
    }
  }

  const supportsFor = supportCounts(input.nodes, input.links ?? []);

  const counterexampleNodes = input.nodes
    .filter((n) => n.kind === "COUNTEREXAMPLE")
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  const counterexamples: CounterexampleSummary[] = counterexampleNodes.map((c) => {
    const d = dispositions.get(c.id)!;
    const answeredBy = [...(answersFor.get(c.id) ?? [])].sort((a, b) => a.version - b.version);
    return {
      id: c.id,
      disposition: d.disposition,
      targetVersions: [...c.targetVersions],
      acceptedRebuttalId: d.acceptedRebuttalId,
      answeredBy,
      supports: supportsFor.get(c.id) ?? 0,
    };
  });

  const coverage: Scoreboard["coverage"] = [];
  const standings: VersionStanding[] = [];
  for (const v of versions) {
    const cells: { counterexampleId: string; cell: CoverageCell }[] = [];
    const brokenBy: string[] = [];
    for (const c of counterexamples) {
      const cell = coverageCell(c, v.number);
      if (cell.status === "breaks") brokenBy.push(c.id);
      cells.push({ counterexampleId: c.id, cell });
    }
    coverage.push({ version: v.number, cells });
    standings.push({ number: v.number, nodeId: v.nodeId, status: brokenBy.length ? "broken" : "stands", brokenBy });
  }

  return { versions: standings, counterexamples, coverage, current: standings.at(-1) ?? null };
}

/** How many standing supporters each node has: distinct SUPPORT children and SUPPORTS-link sources, neither retracted nor pruned. */
export function supportCounts(
  nodes: readonly Pick<ScoreNode, "id" | "parentId" | "kind" | "prunedAt" | "retractedAt">[],
  links: readonly { fromId: string; toId: string; type: string }[],
): Map<string, number> {
  const standing = new Set(nodes.filter((n) => n.retractedAt === null && n.prunedAt === null).map((n) => n.id));
  const supporters = new Map<string, Set<string>>();
  const add = (target: string, supporter: string) => {
    if (!standing.has(supporter)) return;
    let set = supporters.get(target);
    if (!set) supporters.set(target, (set = new Set()));
    set.add(supporter);
  };
  for (const n of nodes) if (n.kind === "SUPPORT" && n.parentId !== null) add(n.parentId, n.id);
  for (const l of links) if (l.type === "SUPPORTS") add(l.toId, l.fromId);
  return new Map([...supporters].map(([id, set]) => [id, set.size]));
}

// A counterexample's own disposition outranks per-version answers: a cell
// says "breaks" only when a live counterexample applies.
export function coverageCell(c: Pick<CounterexampleSummary, "targetVersions" | "disposition" | "acceptedRebuttalId" | "answeredBy">, v: number): CoverageCell {
  if (!c.targetVersions.some((t) => t <= v)) return { status: "not-targeted" };
  switch (c.disposition) {
    case "retracted":
      return { status: "retracted" };
    case "defeated":
      return { status: "defeated" };
    case "rebutted":
      return { status: "rebutted", rebuttalId: c.acceptedRebuttalId! };
    case "set-aside":
      return { status: "set-aside" };
    case "live": {
      const patch = answeringPatchAt(c.targetVersions, c.answeredBy, v);
      return patch ? { status: "answered", ...patch } : { status: "breaks" };
    }
  }
}

/** True when counterexample `c` (any disposition) applies to version v by the targeting/answer rule alone. */
export function appliesTo(
  c: Pick<ScoreNode, "targetVersions">,
  answeredBy: readonly { patchId: string; version: number }[],
  v: number,
): boolean {
  if (!c.targetVersions.some((t) => t <= v)) return false;
  return answeringPatchAt(c.targetVersions, answeredBy, v) === null;
}
