// The optional sections of the canonical document that are not per node: the crux
// ledger (history, follow-ups and the figures as of the export), the summaries and
// the judged rounds (entries and verdicts).
// Read with Prisma: a debate has few of them next to its nodes.

import "server-only";
import { db } from "@/lib/server/db/client";
import type { CruxLedgerRecord, RoundRecord, SummaryRecord } from "@/lib/formats/document";
import { ENTRY_KINDS, isEntry } from "@/lib/domain/rounds/round";
import { debateLedgerRows } from "@/lib/server/cruxes/service";
import { summariesOf } from "@/lib/server/summaries/service";

const iso = (d: Date) => d.toISOString();

export interface CruxSections {
  cruxLedger: CruxLedgerRecord[];
  summaries: SummaryRecord[];
  rounds: RoundRecord[];
  /** Everyone the sections refer to (they must be participants of the document). */
  people: Set<string>;
}

/** `inScope`: a branch export keeps the ledger of its own claims, and no summaries or rounds. */
export async function readCruxSections(debateId: string, inScope: ReadonlySet<string> | null): Promise<CruxSections> {
  const [ledgers, estimates, followUps, summaries, rounds] = await Promise.all([
    debateLedgerRows(debateId),
    db().cruxEstimate.findMany({ where: { node: { debateId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db().cruxFollowUp.findMany({ where: { node: { debateId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    inScope ? Promise.resolve(null) : summariesOf(debateId),
    inScope ? Promise.resolve([]) : readRounds(debateId),
  ]);
  const people = new Set<string>();
  const cruxLedger: CruxLedgerRecord[] = ledgers
    .filter((l) => !inScope || inScope.has(l.nodeId))
    .map((l) => {
      const mine = estimates.filter((e) => e.nodeId === l.nodeId);
      const answers = followUps.filter((f) => f.nodeId === l.nodeId);
      for (const r of [...mine, ...answers]) people.add(r.userId);
      return {
        nodeRef: l.nodeId,
        estimates: mine.map((e) => ({ userRef: e.userId, side: e.side, credence: e.credence, ifTrue: e.ifTrue, ifFalse: e.ifFalse, createdAt: iso(e.createdAt) })),
        followUps: answers.map((f) => ({ userRef: f.userId, claimTrue: f.claimTrue, credence: f.credence, confirmed: f.confirmed, createdAt: iso(f.createdAt) })),
        figures: {
          doubleCrux: l.doubleCrux,
          expectedBeliefChange: l.expectedBeliefChange,
          verdict: l.verdict ? { claimTrue: l.verdict.claimTrue, via: l.verdict.via, at: iso(l.verdict.at) } : null,
          outcome: l.outcome,
          people: l.people.map((p) => ({
            userRef: p.userId,
            stake: p.stake,
            expectedMove: p.expectedMove,
            precommittedUpdate: p.precommittedUpdate,
            actualUpdate: p.actualUpdate,
            confirmed: p.confirmed,
          })),
        },
      };
    });
  const summaryRecords: SummaryRecord[] = (summaries?.summaries ?? []).map((s) => {
    people.add(s.authorId);
    for (const e of s.endorsements) people.add(e.userId);
    return {
      authorRef: s.authorId,
      versionNumber: s.versionNumber,
      body: s.body,
      revision: s.revision,
      endorsed: s.endorsed,
      pinned: s.id === summaries?.pinnedId,
      endorsements: s.endorsements.map((e) => ({ userRef: e.userId, side: e.side, createdAt: iso(e.createdAt) })),
      createdAt: iso(s.createdAt),
      updatedAt: iso(s.updatedAt),
    };
  });
  for (const r of rounds) {
    people.add(r.openedByRef);
    for (const j of r.judgeRefs) people.add(j);
  }
  return { cruxLedger, summaries: summaryRecords, rounds, people };
}

/** Every round with its judges, entries (by node time, like the results page) and verdicts. */
async function readRounds(debateId: string): Promise<RoundRecord[]> {
  const rounds = await db().judgedRound.findMany({
    where: { debateId },
    orderBy: { number: "asc" },
    select: {
      number: true, title: true, rubric: true, openedById: true, openedAt: true, deadline: true, finalisedAt: true,
      judges: { select: { userId: true }, orderBy: { userId: "asc" } },
      verdicts: { select: { nodeId: true, judgeId: true, verdict: true, reason: true, createdAt: true, updatedAt: true }, orderBy: [{ createdAt: "asc" }, { nodeId: "asc" }, { judgeId: "asc" }] },
    },
  });
  if (rounds.length === 0) return [];
  const first = rounds.reduce((min, r) => (r.openedAt < min ? r.openedAt : min), rounds[0]!.openedAt);
  const candidates = await db().node.findMany({
    where: { debateId, kind: { in: [...ENTRY_KINDS] }, createdAt: { gte: first } },
    select: { id: true, kind: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rounds.map((r) => ({
    number: r.number,
    title: r.title,
    rubric: r.rubric,
    openedByRef: r.openedById,
    openedAt: iso(r.openedAt),
    deadline: iso(r.deadline),
    finalisedAt: r.finalisedAt ? iso(r.finalisedAt) : null,
    judgeRefs: r.judges.map((j) => j.userId),
    entryRefs: candidates.filter((n) => isEntry(r, n)).map((n) => n.id),
    verdicts: r.verdicts.map((v) => ({ nodeRef: v.nodeId, judgeRef: v.judgeId, verdict: v.verdict, reason: v.reason, createdAt: iso(v.createdAt), updatedAt: iso(v.updatedAt) })),
  }));
}
