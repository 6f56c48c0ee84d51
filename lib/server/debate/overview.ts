import "server-only";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { requireAccess } from "@/lib/server/debate/access";
import { readDebateRows, type DebateNodeRow } from "@/lib/server/queries/tree";
import { readDebateLinks } from "@/lib/server/queries/links";
import { computeScoreboard, type VersionRef } from "@/lib/domain/debate/scoreboard";
import { computeFrontier, idleDays, stuckSignal, stuckThresholdMs } from "@/lib/domain/debate/frontier";
import { revisitRows } from "@/lib/domain/debate/pruning";
import { debateReviewFlags } from "@/lib/server/empirical/service";
import { readClassInputs, weighing } from "@/lib/server/debate/classes";
import { expandClassAnswers } from "@/lib/domain/debate/classes";

const EXCERPT_READ_CHARS = 200;

export function versionRefs(rows: readonly DebateNodeRow[]): VersionRef[] {
  return rows
    .filter((r) => r.versionNumber !== null)
    .map((r) => ({ number: r.versionNumber!, nodeId: r.id }))
    .sort((a, b) => a.number - b.number);
}

/** Everything the debate page needs beyond the debate itself, from one tree read. */
export async function debateOverview(actor: Actor | null, debateId: string, now = new Date()) {
  const access = await requireAccess(debateId, actor, "debate:read");
  const [rows, pruneEvents, estimates, debate, cruxes, classInputs, links] = await Promise.all([
    // Excerpts are enough here; a node's full text is read when it is opened.
    readDebateRows(debateId, { bodyChars: EXCERPT_READ_CHARS }),
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
  const titled = rows.map((r) => ({ ...r, title: r.title || r.body.slice(0, 80) }));
  const revisit = revisitRows(titled, pruneEvents, estimates, now);
  const stuck = stuckSignal({
    frontier,
    lastMoveAt: debate.lastMoveAt,
    now,
    prunedBranches: revisit.map((r) => ({ ...r, nodeId: r.nodeId })),
    // How long without a move before a debate counts as stuck: a per-debate setting.
    thresholdMs: stuckThresholdMs(debate.stuckAfterDays),
  });
  const cruxCounts = new Map<string, { builder: number; breaker: number; observer: number }>();
  for (const c of cruxes) {
    const entry = cruxCounts.get(c.nodeId) ?? { builder: 0, breaker: 0, observer: 0 };
    entry[c.side.toLowerCase() as "builder" | "breaker" | "observer"] += c._count._all;
    cruxCounts.set(c.nodeId, entry);
  }
  return {
    me: access.membership,
    nodes: rows,
    scoreboard,
    frontier: {
      builder: frontier.builder.map((i) => i.node.id),
      /** Rebuttals awaiting acceptance, by the counterexample (on the Builder's list) they answer. */
      awaitingAcceptance: Object.fromEntries(frontier.builder.filter((i) => i.awaitingAcceptance?.length).map((i) => [i.node.id, i.awaitingAcceptance!])),
      breaker: frontier.breaker.map((i) => ({ nodeId: i.node.id, version: i.version ?? null })),
      openQuestions: frontier.openQuestions.map((i) => i.node.id),
    },
    revisit,
    stuck: { ...stuck, stuckAfterDays: debate.stuckAfterDays, idleDays: idleDays(debate.lastMoveAt, now) },
    cruxes: [...cruxCounts.entries()].map(([nodeId, counts]) => ({ nodeId, ...counts })),
    needsReview: reviewFlags.map((f) => f.nodeId),
    weighing: weighing(classInputs, scoreboard),
    links,
  };
}
