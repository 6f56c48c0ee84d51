import "server-only";
import type { Tx } from "@/lib/server/db/client";
import { insertEvent } from "@/lib/server/queries/events";
import { notifyForEvent } from "@/lib/server/notifications/create";
import { causesNotifications } from "@/lib/domain/notifications/drafts";

export type EventType =
  | "debate.created"
  | "debate.updated"
  | "debate.invite-rotated"
  | "member.joined"
  | "member.side-changed"
  | "member.removed"
  | "member.role-changed"
  | "member.left"
  | "debate.ownership-transferred"
  | "node.created"
  | "node.edited"
  | "node.retracted"
  | "node.accepted"
  | "branch.pruned"
  | "branch.reopened"
  | "branch.estimated"
  | "claim.mode-changed"
  | "experiment.updated"
  | "prediction.created"
  | "claim.resolved"
  | "claim.disputed"
  | "claim.reopened"
  | "crux.marked"
  | "crux.unmarked"
  | "round.opened"
  | "round.verdict"
  | "round.finalised"
  | "class.created"
  | "class.updated"
  | "class.deleted"
  | "counterexample.classified"
  | "plausibility.estimated"
  | "debate.standing-rule-changed"
  | "link.created"
  | "link.deleted"
  | "crux.estimated"
  | "crux.confirmed"
  | "crux.revised"
  | "crux.follow-up-requested"
  | "summary.created"
  | "summary.edited"
  | "summary.endorsed"
  | "summary.unendorsed";

export interface EventInput {
  debateId: string;
  actorId: string | null;
  type: EventType;
  nodeId?: string | null;
  payload?: Record<string, unknown>;
}

// Membership and settings changes are not moves: they must not reset the idle
// clock behind the stuck signal (a debate nobody argues in is stuck, whoever joins).
const NOT_MOVES: ReadonlySet<EventType> = new Set([
  "debate.created",
  "debate.updated",
  "debate.invite-rotated",
  // An estimate says how promising a branch looks; it is not a move in the argument.
  "branch.estimated",
  // Weighing a counterexample and choosing the rule are not moves either.
  "plausibility.estimated",
  "debate.standing-rule-changed",
  "member.joined",
  "member.side-changed",
  "member.removed",
  "member.role-changed",
  "member.left",
  "debate.ownership-transferred",
]);

/** Whether an event counts as activity in the argument (bumps Debate.lastMoveAt). */
export function isMove(type: EventType): boolean {
  return !NOT_MOVES.has(type);
}

/**
 * Appends to the debate's event log inside the caller's transaction, in one
 * round trip with the lastMoveAt bump and the notify, then writes the in-app
 * notifications it causes (same transaction). Moves write their event in their
 * own statement (lib/server/debate/nodes.ts) with the same CTEs.
 */
export async function recordEvent(tx: Tx, input: EventInput): Promise<bigint> {
  const seq = await insertEvent(tx, { ...input, bumpsLastMove: isMove(input.type) });
  if (causesNotifications(input.type)) {
    await notifyForEvent(tx, { ...input, nodeId: input.nodeId ?? null, payload: input.payload ?? {}, seq });
  }
  return seq;
}
