// Which nodes to look at again because a claim they depend on was resolved.
// A node is flagged while some claim above it (or answered by it) stands
// resolved or disputed, until it is edited or answered after that resolution.
import type { NodeKind, ResolutionMode } from "@/lib/domain/vocabulary";
import { reduceResolution, type ResolutionEventRow, type ResolutionState } from "@/lib/domain/empirical/resolution";
import { resolutionPropagation, type PropagationNode } from "@/lib/domain/empirical/scoring";

export interface ReviewNode extends PropagationNode {
  kind: NodeKind;
  resolutionMode: ResolutionMode;
  retractedAt: Date | null;
  updatedAt?: Date;
}

/** Current resolution state of every claim that has a resolution log. */
export function resolutionStates(events: readonly ResolutionEventRow[]): Map<string, ResolutionState> {
  const byNode = new Map<string, ResolutionEventRow[]>();
  for (const e of events) {
    const list = byNode.get(e.nodeId) ?? [];
    list.push(e);
    byNode.set(e.nodeId, list);
  }
  return new Map([...byNode].map(([nodeId, list]) => [nodeId, reduceResolution(list)]));
}

export interface ReviewFlag {
  nodeId: string;
  /** The resolved claims this node depends on. */
  claimIds: string[];
}

export function reviewFlags(nodes: readonly ReviewNode[], events: readonly ResolutionEventRow[]): ReviewFlag[] {
  const states = resolutionStates(events);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const latestChildAt = new Map<string, number>();
  for (const n of nodes) {
    if (n.parentId === null) continue;
    latestChildAt.set(n.parentId, Math.max(latestChildAt.get(n.parentId) ?? 0, n.createdAt.getTime()));
  }
  const flags = new Map<string, string[]>();
  for (const [claimId, state] of states) {
    const claim = byId.get(claimId);
    if (!claim || state.outcome === null || state.resolvedAt === null) continue;
    const since = state.resolvedAt.getTime();
    const { reviewNodeIds } = resolutionPropagation(claim, state.outcome, nodes);
    for (const id of reviewNodeIds) {
      const n = byId.get(id);
      if (!n || n.retractedAt !== null) continue;
      const touched = Math.max(n.updatedAt?.getTime() ?? 0, n.createdAt.getTime(), latestChildAt.get(id) ?? 0);
      if (touched >= since) continue;
      flags.set(id, [...(flags.get(id) ?? []), claimId]);
    }
  }
  return [...flags].map(([nodeId, claimIds]) => ({ nodeId, claimIds }));
}
