// Empirical claims: the resolution log reduced to a current state, the guards
// on each transition, and prediction input checks.
//   open --RESOLVE--> resolved --DISPUTE--> disputed
//   resolved|disputed --REOPEN--> open
import { badRequest, conflict } from "@/lib/domain/errors";
import { OUTCOMES, type Outcome, type ResolutionAction, type ResolutionMode } from "@/lib/domain/vocabulary";


export interface ResolutionEventRow {
  id: string;
  nodeId: string;
  actorId: string;
  action: ResolutionAction;
  outcome: Outcome | null;
  summary?: string;
  createdAt: Date;
}

export interface ResolutionState {
  status: "open" | "resolved" | "disputed";
  /** The resolved outcome; kept while disputed, cleared on reopen. */
  outcome: Outcome | null;
  resolvedAt: Date | null;
  resolvedById: string | null;
  disputedAt: Date | null;
  disputedById: string | null;
  /** Time of the last event that changed the state. */
  updatedAt: Date | null;
  /** Events in the log that were not valid transitions at their time (skipped). */
  ignoredEventIds: string[];
}

export const OPEN_RESOLUTION: ResolutionState = Object.freeze({
  status: "open",
  outcome: null,
  resolvedAt: null,
  resolvedById: null,
  disputedAt: null,
  disputedById: null,
  updatedAt: null,
  ignoredEventIds: [],
}) as ResolutionState;

export interface ClaimLike {
  resolutionMode: ResolutionMode;
}

export function assertCanResolve(claim: ClaimLike, state: ResolutionState, outcome: unknown): Outcome {
  if (claim.resolutionMode !== "EMPIRICAL") {
    throw badRequest("Only an empirical claim can be resolved; mark it EMPIRICAL first");
  }
  if (state.status !== "open") {
    throw conflict(`This claim is already ${state.status}; reopen it before resolving again`);
  }
  if (typeof outcome !== "string" || !(OUTCOMES as readonly string[]).includes(outcome)) {
    throw badRequest("Outcome must be SUPPORTED, REFUTED or INCONCLUSIVE", { field: "outcome" });
  }
  return outcome as Outcome;
}

export function assertCanDispute(state: ResolutionState): void {
  if (state.status !== "resolved") {
    throw conflict(
      state.status === "disputed" ? "This resolution is already disputed" : "Only a resolved claim can be disputed",
    );
  }
}

export function assertCanReopenResolution(state: ResolutionState): void {
  if (state.status === "open") throw conflict("This claim is already open");
}

/** The state after one event; throws when the transition is not allowed. */
export function applyResolutionEvent(
  claim: ClaimLike,
  state: ResolutionState,
  event: Pick<ResolutionEventRow, "action" | "outcome" | "actorId" | "createdAt">,
): ResolutionState {
  switch (event.action) {
    case "RESOLVE": {
      const outcome = assertCanResolve(claim, state, event.outcome);
      return {
        ...state,
        status: "resolved",
        outcome,
        resolvedAt: event.createdAt,
        resolvedById: event.actorId,
        disputedAt: null,
        disputedById: null,
        updatedAt: event.createdAt,
      };
    }
    case "DISPUTE":
      assertCanDispute(state);
      return { ...state, status: "disputed", disputedAt: event.createdAt, disputedById: event.actorId, updatedAt: event.createdAt };
    case "REOPEN":
      assertCanReopenResolution(state);
      return { ...OPEN_RESOLUTION, ignoredEventIds: state.ignoredEventIds, updatedAt: event.createdAt };
    default:
      throw badRequest(`Unknown resolution action "${String(event.action)}"`);
  }
}

/**
 * Current state from the event log (any order; sorted by time). Invalid
 * events are skipped and listed, so one bad row cannot wedge a claim.
 * The claim defaults to EMPIRICAL since a log only exists for such claims.
 */
export function reduceResolution(
  events: readonly ResolutionEventRow[],
  claim: ClaimLike = { resolutionMode: "EMPIRICAL" },
): ResolutionState {
  const sorted = [...events].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  let state: ResolutionState = { ...OPEN_RESOLUTION, ignoredEventIds: [] };
  for (const event of sorted) {
    try {
      state = applyResolutionEvent(claim, state, event);
    } catch {
      state = { ...state, ignoredEventIds: [...state.ignoredEventIds, event.id] };
    }
  }
  return state;
}

/**
 * A probability in 0..1 from 0.7, 70 or "70%" (also "0.7", "70"). Numbers
 * above 1 are read as percentages; exactly 1 means certainty, not 1%.
 */
export function parseProbability(input: unknown): number {
  let value: number;
  let percent = false;
  if (typeof input === "number") {
    value = input;
  } else if (typeof input === "string") {
    let text = input.trim();
    if (text.endsWith("%")) {
      percent = true;
      text = text.slice(0, -1).trim();
    }
    // Plain decimals only: Number() would also accept "0x10" or "".
    value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  } else {
    throw badRequest("Probability must be a number such as 0.7, 70 or \"70%\"", { field: "probability" });
  }
  if (!Number.isFinite(value)) {
    throw badRequest("Probability must be a number such as 0.7, 70 or \"70%\"", { field: "probability" });
  }
  if (percent || value > 1) {
    if (value < 0 || value > 100) {
      throw badRequest("A percentage must be between 0% and 100%", { field: "probability" });
    }
    return value / 100;
  }
  if (value < 0) throw badRequest("Probability must be between 0 and 1", { field: "probability" });
  return value;
}

export function assertCanPredict(claim: ClaimLike, state: ResolutionState): void {
  if (claim.resolutionMode !== "EMPIRICAL") {
    throw badRequest("Predictions are only taken on empirical claims");
  }
  if (state.status !== "open") {
    throw conflict("This claim is resolved; predictions are closed until it is reopened");
  }
}

/** Both checks at once: returns the probability to store. */
export function validatePrediction(claim: ClaimLike, state: ResolutionState, probability: unknown): number {
  assertCanPredict(claim, state);
  return parseProbability(probability);
}
