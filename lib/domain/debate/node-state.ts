// What a node's own state allows, whoever asks (the permission table says who may).
// The services refuse with these errors; the debate page hides the buttons with
// stateAllows, so both read the same rule. Every refusal here is 409 CONFLICT: the
// request is well formed, the node's state (the proposal, retracted, pruned) forbids it.
import { AppError, conflict } from "@/lib/domain/errors";

export type StateAction = "node:edit" | "node:retract" | "branch:prune";

/** The node's state as the services (dates) and the page (ISO text) hold it. */
export interface NodeState {
  kind: string;
  retractedAt: Date | string | null;
  prunedAt: Date | string | null;
}

/** Why the node's state refuses the action, or null when it allows it. */
export function stateRefusal(action: StateAction, node: NodeState): AppError | null {
  switch (action) {
    case "node:edit":
      if (node.retractedAt !== null) return conflict("A retracted node cannot be edited");
      // Counterexamples target proposal versions; the proposal changes only through patches.
      if (node.kind === "PROPOSAL") return conflict("The proposal changes through patches: post a patch to create a new version");
      return null;
    case "node:retract":
      if (node.kind === "PROPOSAL") return conflict("The proposal itself cannot be retracted");
      if (node.retractedAt !== null) return conflict("This node is already retracted");
      return null;
    case "branch:prune":
      if (node.kind === "PROPOSAL") return conflict("The proposal itself cannot be pruned");
      if (node.prunedAt !== null) return conflict("This branch is already pruned");
      return null;
  }
}

export function stateAllows(action: StateAction, node: NodeState): boolean {
  return stateRefusal(action, node) === null;
}

export function assertStateAllows(action: StateAction, node: NodeState): void {
  const refusal = stateRefusal(action, node);
  if (refusal) throw refusal;
}
