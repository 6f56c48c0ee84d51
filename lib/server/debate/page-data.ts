// What the debate page loads (GET /api/v1/debates/{id}/overview): plain JSON,
// bodies cut to an excerpt, so a 10,000-node debate stays a few MB; the full
// text of a node is fetched when it is opened.

import "server-only";
import type { Actor } from "@/lib/domain/actor";
import { debateOverview } from "@/lib/server/debate/overview";
import { getDebate } from "@/lib/server/debate/debates";
import { outlineOf } from "@/lib/server/debate/outline-view";
import type { DebateViewProps, TreeItem } from "@/lib/contracts/debates";

// The shapes are the contract's (lib/contracts/debates.ts): a change there fails typecheck here.
export type { DebateViewProps, TreeItem };

export const EXCERPT_CHARS = 160;

type Overview = Awaited<ReturnType<typeof debateOverview>>;
type Debate = Awaited<ReturnType<typeof getDebate>>;

export function toTreeItems(nodes: Overview["nodes"]): TreeItem[] {
  return nodes.map((n) => ({
    id: n.id,
    parentId: n.parentId,
    kind: n.kind,
    side: n.side,
    authorId: n.authorId,
    authorName: n.authorName,
    title: n.title,
    excerpt: n.body.length > EXCERPT_CHARS ? `${n.body.slice(0, EXCERPT_CHARS)}…` : n.body,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    prunedAt: n.prunedAt?.toISOString() ?? null,
    retractedAt: n.retractedAt?.toISOString() ?? null,
    acceptedAt: n.acceptedAt?.toISOString() ?? null,
    resolutionMode: n.resolutionMode,
    outcome: n.outcome,
    versionNumber: n.versionNumber,
    targetVersions: n.targetVersions,
    answersNodeIds: n.answersNodeIds,
    hasQuote: n.quoteText !== null,
  }));
}

export function toJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
}

export function buildViewProps(debate: Debate, overview: Overview, viewerId: string | null): DebateViewProps {
  // A large debate sends its first rows; the page loads the rest through GET /tree's pages.
  const { rows, outline } = outlineOf(overview.nodes);
  return {
    debate: {
      id: debate.id,
      title: debate.title,
      context: debate.context,
      links: debate.links,
      visibility: debate.visibility,
      playMode: debate.playMode,
      stuckAfterDays: debate.stuckAfterDays,
      rootNodeId: debate.rootNodeId,
      owner: debate.owner,
      versions: debate.versions.map((v) => ({ number: v.number, nodeId: v.nodeId, createdAt: v.createdAt.toISOString() })),
      inviteCode: debate.inviteCode,
      nodeCount: debate._count.nodes,
      memberCount: debate._count.memberships,
    },
    me: debate.me,
    viewerId,
    nodes: toTreeItems(rows),
    scoreboard: overview.scoreboard,
    frontier: overview.frontier,
    revisit: toJson(overview.revisit) as DebateViewProps["revisit"],
    stuck: toJson({
      ...overview.stuck,
      suggestions: overview.stuck.suggestions.map((s) => ({ nodeId: s.nodeId, title: s.title, promise: s.promise, branchSize: s.branchSize })),
    }) as DebateViewProps["stuck"],
    cruxes: overview.cruxes,
    needsReview: overview.needsReview,
    weighing: toJson(overview.weighing) as DebateViewProps["weighing"],
    links: overview.links.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })),
    outline,
  };
}

/** The debate page's data in one call: the debate, the viewer's membership and the overview. */
export async function debatePageData(actor: Actor | null, debateId: string): Promise<DebateViewProps> {
  const [debate, overview] = await Promise.all([getDebate(actor, debateId), debateOverview(actor, debateId)]);
  return buildViewProps(debate, overview, actor?.id ?? null);
}
