// The argumentative reading of a move, shared by every graph-ish format so
// Argdown, AIF, Kialo, DOT, GraphML and SVG never disagree.

import type { NodeKind, NodeRecord, Side } from "./document";

/** How a node relates to its parent. */
export type Stance = "attack" | "support" | "neutral";

/**
 * Counterexamples and rebuttals attack what they answer. A patch answers a
 * counterexample (or rebuttal) by defeating it, so it attacks that parent;
 * anywhere else (under the proposal or a question) it supports. A support
 * move supports whatever it answers. Questions and comments take no
 * argumentative stance.
 */
export function stanceTowardParent(kind: NodeKind, parentKind: NodeKind | null): Stance {
  switch (kind) {
    case "COUNTEREXAMPLE":
    case "REBUTTAL":
      return "attack";
    case "PATCH":
      return parentKind === "COUNTEREXAMPLE" || parentKind === "REBUTTAL" ? "attack" : "support";
    case "PROPOSAL":
    case "SUPPORT":
      return "support";
    default:
      return "neutral";
  }
}

export type NodeStatus = "retracted" | "pruned" | "accepted" | "resolved" | "open";

/** One status for display; retraction wins over pruning, pruning over acceptance. */
export function nodeStatus(n: Pick<NodeRecord, "retractedAt" | "prunedAt" | "acceptedAt" | "outcome">): NodeStatus {
  if (n.retractedAt) return "retracted";
  if (n.prunedAt) return "pruned";
  if (n.acceptedAt) return "accepted";
  if (n.outcome) return "resolved";
  return "open";
}

export { NODE_KIND_LABELS as KIND_LABEL, SIDE_LABELS as SIDE_LABEL } from "@/lib/domain/vocabulary";

export function titleCase(enumValue: string): string {
  return enumValue
    .toLowerCase()
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

/** The opposing side; observers stay observers. */
export function opposite(side: Side): Side {
  return side === "BUILDER" ? "BREAKER" : side === "BREAKER" ? "BUILDER" : "OBSERVER";
}

/**
 * Infers kind and side of an imported node that carries no data of ours,
 * from the relation it was written with (Argdown +/-/_, Kialo Pro/Con).
 * Attacking a Builder claim is a counterexample (Breaker), attacking
 * anything else is a rebuttal by the other side; a supporting reply is a
 * support move on the parent's side; neutral replies are comments (all
 * replies that end with "?" are questions).
 */
export function inferMove(stance: Stance, parent: { kind: NodeKind; side: Side }, text: string): { kind: NodeKind; side: Side } {
  const builderClaim = parent.kind === "PROPOSAL" || parent.kind === "PATCH";
  if (stance === "attack") {
    if (builderClaim) return { kind: "COUNTEREXAMPLE", side: "BREAKER" };
    const side = parent.side === "OBSERVER" ? "BUILDER" : opposite(parent.side);
    return { kind: "REBUTTAL", side };
  }
  const question = text.trimEnd().endsWith("?");
  if (stance === "neutral") return { kind: question ? "QUESTION" : "COMMENT", side: "OBSERVER" };
  return { kind: question ? "QUESTION" : "SUPPORT", side: parent.side === "OBSERVER" ? "BUILDER" : parent.side };
}
