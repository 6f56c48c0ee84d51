import "server-only";
import { db } from "@/lib/server/db/client";
import { readAnalysisRows, type AnalysisNodeRow } from "@/lib/server/queries/tree";
import { readDebateLinks } from "@/lib/server/queries/links";
import { computeScoreboard, type VersionRef } from "@/lib/domain/debate/scoreboard";
import { computeFrontier, idleDays, stuckSignal, stuckThresholdMs } from "@/lib/domain/debate/frontier";
import { revisitRows } from "@/lib/domain/debate/pruning";
import { debateReviewFlags } from "@/lib/server/empirical/service";
import { readClassInputs, weighing } from "@/lib/server/debate/classes";
import { expandClassAnswers } from "@/lib/domain/debate/classes";
import type { DebateViewProps } from "@/lib/contracts/debates";

// A debate's analyses, the same for every reader: the scoreboard, the frontier, the revisit list,
// the stuck signal, crux counts, review flags and the weighing. Read and computed here, in the
// server's thread for a small debate or in a worker thread for a large one (analysis-job.ts);
// cached per debate state in overview.ts.

export function versionRefs(rows: readonly Pick<AnalysisNodeRow, "id" | "versionNumber">[]): VersionRef[] {
  return rows
    .filter((r) => r.versionNumber !== null)
    .map((r) => ({ number: r.versionNumber!, nodeId: r.id }))
    .sort((a, b) => a.number - b.number);
}

/** What the debate page shows beyond its rows: the same for every reader of the debate. */
export type DebateAnalysis = Pick<DebateViewProps, "scoreboard" | "frontier" | "revisit" | "stuck" | "cruxes" | "needsReview" | "weighing" | "links">;

/** Every analysis of the debate at this moment, from one tree read (readAnalysisRows). */
export async function analyseDebate(debateId: string, now: Date): Promise<DebateAnalysis> {
  const [rows, pruneEvents, estimates, debate, cruxes, classInputs, links] = await Promise.all([
    readAnalysisRows(debateId),
    db().pruneEvent.findMany({
      where: { debateId },
      select: { id: true, nodeId: true, action: true, category: true, reason: true, promise: true, duplicateOf: true, actorId: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
    db().branchEstimate.findMany({ where: { node: { debateId } }, select: { nodeId: true, userId: true, promise: true } }),
    db().debate.findUniqueOrThrow({ where: { id: debateId }, select: { lastMoveAt: true, stuckAfterDays: true } }),
    db().cruxMark.groupBy({ by: ["nodeId", "side"], where: { node: { debateId } }, _count: { _all: true } }),
    readClassInputs(debateId),
    readDebateLinks(debateId),
  ]);
  // Nodes that depend on a resolved empirical claim and were not touched since.
  const reviewFlags = await debateReviewFlags(debateId, rows);
  const versions = versionRefs(rows);
  // A patch answering a class answers every counterexample in it (lib/domain/debate/classes.ts).
  const scored = expandClassAnswers(rows, classInputs.classOf, classInputs.classAnswers);
  const scoreboard = computeScoreboard({ versions, nodes: scored, links });
  const frontier = computeFrontier(scored, versions, scoreboard);
  const revisit = revisitRows(scored, pruneEvents, estimates, now); // the same rows array: one visibility computation for all three
  const stuck = stuckSignal({
    frontier,
    lastMoveAt: debate.lastMoveAt,
    now,
    prunedBranches: revisit,
    // How long without a move before a debate counts as stuck: a per-debate setting.
    thresholdMs: stuckThresholdMs(debate.stuckAfterDays),
  });
  const cruxCounts = new Map<string, { builder: number; breaker: number; observer: number }>();
  for (const c of cruxes) {
    const entry = cruxCounts.get(c.nodeId) ?? { builder: 0, breaker: 0, observer: 0 };
    entry[c.side.toLowerCase() as "builder" | "breaker" | "observer"] += c._count._all;
    cruxCounts.set(c.nodeId, entry);
  }
  const { coverage: _derivable, ...scoreboardSummary } = scoreboard; // the page derives its cells (ScoreboardSummary)
  return {
    scoreboard: scoreboardSummary,
    frontier: {
      builder: frontier.builder.map((i) => i.node.id),
      /** Rebuttals awaiting acceptance, by the counterexample (on the Builder's list) they answer. */
      awaitingAcceptance: Object.fromEntries(frontier.builder.filter((i) => i.awaitingAcceptance?.length).map((i) => [i.node.id, i.awaitingAcceptance!])),
      breaker: frontier.breaker.map((i) => ({ nodeId: i.node.id, version: i.version ?? null })),
      openQuestions: frontier.openQuestions.map((i) => i.node.id),
    },
    revisit: toJson(revisit) as DebateAnalysis["revisit"],
    stuck: toJson({
      ...stuck,
      suggestions: stuck.suggestions.map((s) => ({ nodeId: s.nodeId, title: s.title, promise: s.promise, branchSize: s.branchSize })),
      stuckAfterDays: debate.stuckAfterDays,
      idleDays: idleDays(debate.lastMoveAt, now),
    }) as DebateAnalysis["stuck"],
    cruxes: [...cruxCounts.entries()].map(([nodeId, counts]) => ({ nodeId, ...counts })),
    needsReview: reviewFlags.map((f) => f.nodeId),
    weighing: toJson(weighing(classInputs, scoreboard)) as DebateAnalysis["weighing"],
    links: links.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })),
  };
}

/** Dates as ISO text and counts as numbers, as the contract sends them. */
function toJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
}
