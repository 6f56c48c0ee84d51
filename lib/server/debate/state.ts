// "State of the debate": one read a newcomer can take in two minutes, generated from
// the data. The plan (a chosen proposal version, the latest by default) and its
// standing, the counterexamples still live against it, double cruxes and claims
// settled with their pre-committed vs actual updates, experiments running or wanted,
// the most promising pruned branches, recent concessions and the pinned summary.

import "server-only";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { badRequest } from "@/lib/domain/errors";
import { requireAccess } from "@/lib/server/debate/access";
import { readDebateRowsByIds } from "@/lib/server/queries/tree";
import { prunedBranches } from "@/lib/server/queries/revisit";
import { reduceResolution } from "@/lib/domain/empirical/resolution";
import { byNode } from "@/lib/domain/cruxes/ledger";
import { debateAnalysis } from "@/lib/server/debate/overview";
import { readClassInputs } from "@/lib/server/debate/classes";
import { computeStandings, describeStanding, liveClassWeights, type EstimateRow } from "@/lib/domain/debate/standing";
import { debateLedgerRows } from "@/lib/server/cruxes/service";
import { summariesOf } from "@/lib/server/summaries/service";

const EXCERPT = 200;
const LIST_MAX = 5;

const excerpt = (text: string, max = EXCERPT) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Live counterexamples listed by name; the rest are counted (a 100,000-node debate has tens of thousands). */
export const STATE_LIVE_LISTED = 100;

export async function debateState(actor: Actor | null, debateId: string, versionNumber?: number) {
  const access = await requireAccess(debateId, actor, "debate:read");
  const [analysis, debate, cards, resolutionEvents, pruneEvents, ledger, pruned, classInputs, empiricalOpen, acceptedRebuttals] = await Promise.all([
    // The debate page's scoreboard, computed once per debate state (decision 016): no tree read here.
    debateAnalysis(debateId),
    db().debate.findUniqueOrThrow({ where: { id: debateId }, select: { id: true, title: true, context: true } }),
    db().experimentCard.findMany({ where: { node: { debateId, retractedAt: null } }, select: { nodeId: true, question: true, status: true } }),
    db().resolutionEvent.findMany({
      where: { node: { debateId, resolutionMode: "EMPIRICAL" } },
      select: { id: true, nodeId: true, actorId: true, action: true, outcome: true, createdAt: true },
    }),
    db().pruneEvent.findMany({
      where: { debateId, action: "PRUNE", category: "CONCEDED" },
      orderBy: { createdAt: "desc" },
      take: LIST_MAX,
      select: { nodeId: true, actorId: true, reason: true, createdAt: true },
    }),
    debateLedgerRows(debateId),
    prunedBranches({ debateId }, { sort: "promise", order: "desc" }),
    readClassInputs(debateId),
    db().node.findMany({ where: { debateId, resolutionMode: "EMPIRICAL", retractedAt: null }, select: { id: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db().node.findMany({
      where: { debateId, kind: "REBUTTAL", acceptedAt: { not: null }, retractedAt: null },
      orderBy: { acceptedAt: "desc" },
      take: LIST_MAX,
      select: { id: true, acceptedAt: true },
    }),
  ]);
  // The same scoreboard and standing as the debate page: class answers expanded, links counted, the owner's rule.
  const scoreboard = analysis.scoreboard;
  const chosen = versionNumber === undefined ? scoreboard.current : scoreboard.versions.find((v) => v.number === versionNumber);
  if (versionNumber !== undefined && !chosen) throw badRequest(`This debate has no proposal version ${versionNumber}`, { field: "version" });
  const estimates = classInputs.estimates as EstimateRow[];
  const standing = chosen
    ? computeStandings({ scoreboard: { versions: [chosen] }, estimates, classOf: classInputs.classOf, rule: classInputs.rule })[0]!
    : null;
  const live = standing
    ? liveClassWeights({ standing, classes: classInputs.classes, classOf: classInputs.classOf, estimates })
    : { classes: [], counterexamples: [] };
  const listedLive = live.counterexamples.slice(0, STATE_LIVE_LISTED);

  // Experiments: cards proposed or running, and open empirical claims nobody has written a card for.
  const cardOf = new Map(cards.map((c) => [c.nodeId, c]));
  const logs = byNode(resolutionEvents);
  const experimentIds = empiricalOpen
    .map((r) => r.id)
    .filter((id) => reduceResolution(logs.get(id) ?? []).status !== "resolved")
    .map((id) => ({ id, status: cardOf.get(id)?.status ?? ("WANTED" as const) }))
    .filter((e) => e.status === "RUNNING" || e.status === "PROPOSED" || e.status === "WANTED")
    .sort((a, b) => rank(a.status) - rank(b.status));

  // Only the moves the page names are read, with an excerpt; the plan in full.
  const planId = chosen?.nodeId ?? access.debate.rootNodeId;
  const namedIds = new Set<string>([
    ...listedLive.map((c) => c.nodeId),
    ...experimentIds.map((e) => e.id),
    ...pruneEvents.map((e) => e.nodeId),
    ...acceptedRebuttals.map((r) => r.id),
    ...ledger.filter((l) => (l.doubleCrux && !l.verdict) || l.verdict).map((l) => l.nodeId),
  ]);
  const [namedRows, [planNode]] = await Promise.all([
    readDebateRowsByIds(debateId, [...namedIds], { bodyChars: EXCERPT + 1 }),
    planId ? readDebateRowsByIds(debateId, [planId]) : Promise.resolve([]),
  ]);
  const byId = new Map(namedRows.map((r) => [r.id, r]));
  const title = (id: string) => {
    const r = byId.get(id);
    return r ? r.title || excerpt(r.body, 80) : "(removed)";
  };
  const node = (id: string) => {
    const r = byId.get(id)!;
    return { nodeId: id, kind: r.kind, side: r.side, title: title(id), excerpt: excerpt(r.body), authorName: r.authorName, createdAt: r.createdAt };
  };
  const experiments = experimentIds.map((e) => ({ nodeId: e.id, title: title(e.id), status: e.status, question: cardOf.get(e.id)?.question ?? null }));

  const concessions = [
    ...pruneEvents.filter((e) => byId.has(e.nodeId)).map((e) => ({ nodeId: e.nodeId, title: title(e.nodeId), how: "conceded" as const, reason: e.reason, at: e.createdAt })),
    ...acceptedRebuttals.map((r) => ({ nodeId: r.id, title: title(r.id), how: "rebuttal-accepted" as const, reason: "", at: r.acceptedAt! })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, LIST_MAX);

  const named = (l: (typeof ledger)[number]) => ({ ...l, title: title(l.nodeId) });
  const { summaries, pinnedId } = await summariesOf(debateId, chosen?.number ?? null);
  const pinned = summaries.find((s) => s.id === pinnedId) ?? null;

  return {
    debate: { id: debate.id, title: debate.title, context: debate.context },
    versions: scoreboard.versions.map((v) => v.number),
    plan: planNode
      ? {
          nodeId: planNode.id,
          number: chosen?.number ?? null,
          latest: chosen ? chosen.number === scoreboard.current?.number : true,
          body: planNode.body,
          authorName: planNode.authorName,
          createdAt: planNode.createdAt,
          /** Under the owner's rule (decision 014); equal to the scoreboard's under the default rule. */
          status: standing?.status ?? "stands",
          standingText: standing ? describeStanding(standing) : "stands",
        }
      : null,
    rule: classInputs.rule,
    /** The classes still live against the chosen version, with their pooled weights. */
    liveClasses: live.classes.map(({ weight, ...c }) => ({ ...c, weight: sideWeight(weight) })),
    /** The live counterexamples that apply to the chosen version (breaking or held off by the rule), with class and weight: the first STATE_LIVE_LISTED. */
    liveCounterexamples: listedLive
      .filter((c) => byId.has(c.nodeId))
      .map((c) => ({ ...node(c.nodeId), classId: c.classId, breaks: c.breaks, weight: c.weight ? sideWeight(c.weight) : null })),
    /** All of them, counted: live, breaking under the rule, in no class. */
    liveCount: live.counterexamples.length,
    breakingCount: live.counterexamples.filter((c) => c.breaks).length,
    unclassifiedCount: live.counterexamples.filter((c) => c.classId === null).length,
    doubleCruxes: ledger.filter((l) => l.doubleCrux && !l.verdict).filter((l) => byId.has(l.nodeId)).map(named),
    settledCruxes: ledger.filter((l) => l.verdict).filter((l) => byId.has(l.nodeId)).map(named),
    experiments,
    promisingPruned: pruned.slice(0, LIST_MAX).map((p) => ({
      nodeId: p.nodeId,
      title: p.title || excerpt(p.body, 80),
      category: p.category,
      reason: p.reason ?? "",
      promise: p.promise,
      branchSize: p.branchSize,
    })),
    concessions,
    pinnedSummary: pinned,
    summaryCount: summaries.length,
  };
}

/** The weight as the state page shows it: medians overall and for builders and breakers, the severity majority. */
function sideWeight(w: { estimates: number; median: number | null; bySide: { BUILDER: number | null; BREAKER: number | null }; severity: "BREAKS" | "DEGRADES" | null }) {
  return { estimates: w.estimates, median: w.median, builders: w.bySide.BUILDER, breakers: w.bySide.BREAKER, severity: w.severity };
}

const rank = (status: string) => (status === "RUNNING" ? 0 : status === "PROPOSED" ? 1 : 2);
