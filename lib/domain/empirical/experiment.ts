// Experiment card status: PROPOSED → RUNNING → RESOLVED / INCONCLUSIVE / ABANDONED.
import { conflict } from "@/lib/domain/errors";
import type { ExperimentStatus, Outcome } from "@/lib/domain/vocabulary";

const NEXT: Record<ExperimentStatus, readonly ExperimentStatus[]> = {
  PROPOSED: ["RUNNING", "ABANDONED"],
  RUNNING: ["RESOLVED", "INCONCLUSIVE", "ABANDONED"],
  // Finished experiments may be rerun; abandoned ones proposed again.
  RESOLVED: ["RUNNING"],
  INCONCLUSIVE: ["RUNNING"],
  ABANDONED: ["PROPOSED"],
};

export function allowedStatuses(from: ExperimentStatus): ExperimentStatus[] {
  return [from, ...NEXT[from]];
}

export function assertStatusTransition(from: ExperimentStatus | null, to: ExperimentStatus): void {
  if (from === null) {
    if (to !== "PROPOSED" && to !== "RUNNING") throw conflict("A new experiment starts as PROPOSED or RUNNING");
    return;
  }
  if (!allowedStatuses(from).includes(to)) {
    throw conflict(`An experiment cannot go from ${from} to ${to}`, { allowed: allowedStatuses(from) });
  }
}

/** The card status that follows the claim's resolution. */
export function statusForOutcome(outcome: Outcome): ExperimentStatus {
  return outcome === "INCONCLUSIVE" ? "INCONCLUSIVE" : "RESOLVED";
}
