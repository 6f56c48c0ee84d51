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
import { readDebateRows } from "@/lib/server/queries/tree";
import { prunedBranches } from "@/lib/server/queries/revisit";
import { computeScoreboard } from "@/lib/domain/debate/scoreboard";
import { reduceResolution } from "@/lib/domain/empirical/resolution";
import { byNode } from "@/lib/domain/cruxes/ledger";
import { versionRefs } from "@/lib/server/debate/analysis";
import { readClassInputs } from "@/lib/server/debate/classes";
import { readDebateLinks } from "@/lib/server/queries/links";
import { expandClassAnswers } from "@/lib/domain/debate/classes";
import { computeStandings, describeStanding, liveClassWeights, type EstimateRow } from "@/lib/domain/debate/standing";
import { debateLedgerRows } from "@/lib/server/cruxes/service";
import { summariesOf } from "@/lib/server/summaries/service";

const EXCERPT = 200;
const LIST_MAX = 5;

const excerpt = (text: string, max = EXCERPT) => (text.length > max ? `${text.slice(0, max)}…` : text);

export async function debateState(actor: Actor | null, debateId: string, versionNumber?: number) {
  const access = await requireAccess(debateId, actor, "debate:read");
  const [rows, debate, cards, resolutionEvents, pruneEvents, ledger, pruned, classInputs, links] = await Promise.all([
    readDebateRows(debateId),
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
    readDebateLinks(debateId),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const title = (id: string) => {
    const r = byId.get(id);
    return r ? r.title || excerpt(r.body, 80) : "(removed)";
  };
  const versions = versionRefs(rows);
  // The same scoreboard and standing as the debate page: class answers expanded, links counted, the owner's rule.
  const scored = expandClassAnswers(rows, classInputs.classOf, classInputs.classAnswers);
  const scoreboard = computeScoreboard({ versions, nodes: scored, links });
  const chosen = versionNumber === undefined ? scoreboard.current : scoreboard.versions.find((v) => v.number === versionNumber);
  if (versionNumber !== undefined && !chosen) throw badRequest(`This debate has no proposal version ${versionNumber}`, { field: "version" });
  const estimates = classInputs.estimates as EstimateRow[];
  const standing = chosen
    ? computeStandings({ scoreboard: { versions: [chosen] }, estimates, classOf: classInputs.classOf, rule: classInputs.rule })[0]!
    : null;
  const live = standing
    ? liveClassWeights({ standing, classes: classInputs.classes, classOf: classInputs.classOf, estimates })
    : { classes: [], counterexamples: [] };
  const planNode = chosen ? byId.get(chosen.nodeId) : access.debate.rootNodeId ? byId.get(access.debate.rootNodeId) : undefined;

  const node = (id: string) => {
    const r = byId.get(id)!;
    return { nodeId: id, kind: r.kind, side: r.side, title: title(id), excerpt: excerpt(r.body), authorName: r.authorName, createdAt: r.createdAt };
  };

  // Experiments: cards proposed or running, and open empirical claims nobody has written a card for.
  const cardOf = new Map(cards.map((c) => [c.nodeId, c]));
  const logs = byNode(resolutionEvents);
  const experiments = rows
    .filter((r) => r.resolutionMode === "EMPIRICAL" && r.retractedAt === null && reduceResolution(logs.get(r.id) ?? []).status !== "resolved")
    .map((r) => {
      const card = cardOf.get(r.id);
      return { nodeId: r.id, title: title(r.id), status: card ? card.status : ("WANTED" as const), question: card?.question ?? null };
    })
    .filter((e) => e.status === "RUNNING" || e.status === "PROPOSED" || e.status === "WANTED")
    .sort((a, b) => rank(a.status) - rank(b.status));

  const concessions = [
    ...pruneEvents.filter((e) => byId.has(e.nodeId)).map((e) => ({ nodeId: e.nodeId, title: title(e.nodeId), how: "conceded" as const, reason: e.reason, at: e.createdAt })),
    ...rows
      .filter((r) => r.kind === "REBUTTAL" && r.acceptedAt !== null && r.retractedAt === null)
      .map((r) => ({ nodeId: r.id, title: title(r.id), how: "rebuttal-accepted" as const, reason: "", at: r.acceptedAt! })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, LIST_MAX);

  const named = (l: (typeof ledger)[number]) => ({ ...l, title: title(l.nodeId) });
  const { summaries, pinnedId } = await summariesOf(debateId, chosen?.number ?? null);
  const pinned = summaries.find((s) => s.id === pinnedId) ?? null;

  return {
    debate: { id: debate.id, title: debate.title, context: debate.context },
    versions: versions.map((v) => v.number),
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
    /** Every live counterexample that applies to the chosen version (breaking or held off by the rule), with its class and weight. */
    liveCounterexamples: live.counterexamples
      .filter((c) => byId.has(c.nodeId))
      .map((c) => ({ ...node(c.nodeId), classId: c.classId, breaks: c.breaks, weight: c.weight ? sideWeight(c.weight) : null })),
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
