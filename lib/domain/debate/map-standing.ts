// Where a node stands, in one word, for the argument map's badge. Derived from the
// scoreboard (one definition of "live": a counterexample that breaks the current
// version) and the node's own dates; never stored.

export type MapStanding = "retracted" | "pruned" | "resolved" | "live" | "answered" | "stands" | "broken" | "accepted";

/** The label shown on the badge and read by screen readers. */
export const MAP_STANDING_LABELS: Readonly<Record<MapStanding, string>> = {
  retracted: "retracted",
  pruned: "pruned",
  resolved: "resolved",
  live: "live",
  answered: "answered",
  stands: "stands",
  broken: "broken",
  accepted: "accepted",
};

/** What each standing means, for the legend. */
export const MAP_STANDING_MEANINGS: Readonly<Record<MapStanding, string>> = {
  live: "a counterexample that breaks the current version",
  answered: "a counterexample patched, rebutted or refuted by evidence",
  stands: "a proposal version no live counterexample breaks",
  broken: "a proposal version a live counterexample breaks",
  accepted: "a rebuttal the Builder side accepted",
  resolved: "an empirical question settled by its outcome",
  pruned: "a branch set aside; it can be reopened",
  retracted: "withdrawn by its author",
};

export interface StandingRow {
  id: string;
  kind: string;
  retractedAt: Date | string | null;
  prunedAt: Date | string | null;
  acceptedAt: Date | string | null;
  outcome: string | null;
  versionNumber: number | null;
}

export interface StandingScoreboard {
  versions: readonly { number: number; status: "stands" | "broken" }[];
  counterexamples: readonly { id: string; disposition: string }[];
  current: { brokenBy: readonly string[] } | null;
}

/** Lookups built once per scoreboard, then asked per node. */
export function standingOf(scoreboard: StandingScoreboard): (row: StandingRow) => MapStanding | null {
  const versionStatus = new Map(scoreboard.versions.map((v) => [v.number, v.status]));
  const disposition = new Map(scoreboard.counterexamples.map((c) => [c.id, c.disposition]));
  const breaksCurrent = new Set(scoreboard.current?.brokenBy ?? []);
  return (row) => {
    if (row.retractedAt !== null) return "retracted";
    if (row.prunedAt !== null) return "pruned";
    if (row.outcome !== null) return "resolved";
    if (row.kind === "COUNTEREXAMPLE") {
      const d = disposition.get(row.id);
      if (d === "set-aside") return "pruned";
      if (d === "live") return breaksCurrent.has(row.id) ? "live" : "answered";
      if (d === "rebutted" || d === "defeated") return "answered";
      return null;
    }
    if (row.versionNumber !== null) return versionStatus.get(row.versionNumber) ?? null;
    if (row.kind === "REBUTTAL" && row.acceptedAt !== null) return "accepted";
    return null;
  };
}
