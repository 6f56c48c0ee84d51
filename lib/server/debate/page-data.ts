// What the debate page loads (GET /api/v1/debates/{id}/overview): plain JSON,
// bodies cut to an excerpt; a debate past OUTLINE_WHOLE_MAX nodes comes as its first
// rows in reading order (the page pages in the rest through GET /tree). The analyses
// (scoreboard, frontier, revisit list, weighing) are computed once per debate state and
// shared by every reader (lib/server/debate/overview.ts); a large debate's first load can
// ask for its rows at once and the analyses when ready (`analysis: "later"`).

import "server-only";
import type { Actor } from "@/lib/domain/actor";
import { debateAnalysisBytes, type DebateAnalysis } from "@/lib/server/debate/overview";
import { getDebate } from "@/lib/server/debate/debates";
import { outlinePositions } from "@/lib/server/debate/outline-view";
import { debateReadingOrder } from "@/lib/server/debate/tree-pages";
import { latestEventSeq, readDebateRowsByIds, type DebateNodeRow } from "@/lib/server/queries/tree";
import type { DebateViewProps, TreeItem } from "@/lib/contracts/debates";

// The shapes are the contract's (lib/contracts/debates.ts): a change there fails typecheck here.
export type { DebateViewProps, TreeItem };

export const EXCERPT_CHARS = 160;
/** Read a little past the excerpt, so a cut body still ends in "…". */
const EXCERPT_READ_CHARS = 200;

type Debate = Awaited<ReturnType<typeof getDebate>>;

export function toTreeItems(nodes: readonly DebateNodeRow[]): TreeItem[] {
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

/** What the page shows while a large debate's analyses are being computed: nothing claimed. */
function pendingAnalysis(debate: Debate): DebateAnalysis {
  return {
    scoreboard: { versions: [], counterexamples: [], current: null },
    frontier: { builder: [], awaitingAcceptance: {}, breaker: [], openQuestions: [] },
    revisit: [],
    stuck: { stuck: false, reason: null, stuckAfterDays: debate.stuckAfterDays, idleDays: 0, suggestions: [] },
    cruxes: [],
    needsReview: [],
    weighing: { rule: { rule: debate.brokenRule, threshold: debate.brokenThreshold }, classes: [], standings: [], current: null, weights: [], coverageByClass: [] },
    links: [],
  };
}

/**
 * The debate page's data in one call, as UTF-8 JSON in parts: the debate, the viewer's membership
 * and the rows, then the shared analyses' bytes as cached (never parsed or copied again: 8 MB at
 * 100,000 nodes). `analysis: "later"`: a large debate answers with its rows alone and
 * `analysisPending` (the computation starts; ask again without it to get them).
 */
export async function debatePageJson(actor: Actor | null, debateId: string, opts: { analysis?: "wait" | "later" } = {}): Promise<{ parts: Uint8Array[]; analysisPending: boolean }> {
  const debate = await getDebate(actor, debateId); // checks the reader's access first
  const seq = await latestEventSeq(debateId);
  const order = await debateReadingOrder(debateId, seq);
  const { positions, outline } = outlinePositions(order);
  const large = !outline.complete;
  const [read, ready] = await Promise.all([
    readDebateRowsByIds(debateId, positions.map((p) => order.ids[p]!), { bodyChars: EXCERPT_READ_CHARS }),
    opts.analysis === "later" && large ? null : debateAnalysisBytes(debateId, { seq, large }),
  ]);
  // A large debate's first answer is its rows alone, even when its analyses are ready: 8 MB of
  // them at 100,000 nodes would hold the rows back by seconds. The page asks for them next.
  if (ready === null) void debateAnalysisBytes(debateId, { seq, large }).catch(() => {}); // a failure is met by the next ask
  // A whole debate in creation order (as read); a large one's first rows in reading order.
  const byId = new Map(read.map((r) => [r.id, r]));
  const rows = outline.complete ? read : positions.flatMap((p) => byId.get(order.ids[p]!) ?? []);
  const view: Omit<DebateViewProps, keyof DebateAnalysis> = {
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
    viewerId: actor?.id ?? null,
    nodes: toTreeItems(rows),
    outline,
    ...(ready === null ? { analysisPending: true as const } : {}),
  };
  // Both are JSON objects with keys of their own: one object of both, the analyses' "{" left out.
  const head = `${JSON.stringify(view).slice(0, -1)},`;
  if (ready === null) return { parts: [encoder.encode(`${head}${JSON.stringify(pendingAnalysis(debate)).slice(1)}`)], analysisPending: true };
  return { parts: [encoder.encode(head), ready.subarray(1)], analysisPending: false };
}

/** debatePageJson as an object (scripts and tests). */
export async function debatePageData(actor: Actor | null, debateId: string, opts: { analysis?: "wait" | "later" } = {}): Promise<DebateViewProps> {
  return JSON.parse(Buffer.concat((await debatePageJson(actor, debateId, opts)).parts).toString("utf8")) as DebateViewProps;
}

const encoder = new TextEncoder();
