// The optional sections of the canonical document that are not per node: the crux
// ledger (history, follow-ups and the figures as of the export) and the summaries.
// Read with Prisma: a debate has few of them next to its nodes.

import "server-only";
import { db } from "@/lib/server/db/client";
import type { CruxLedgerRecord, SummaryRecord } from "@/lib/formats/document";
import { debateLedgerRows } from "@/lib/server/cruxes/service";
import { summariesOf } from "@/lib/server/summaries/service";

const iso = (d: Date) => d.toISOString();

export interface CruxSections {
  cruxLedger: CruxLedgerRecord[];
  summaries: SummaryRecord[];
  /** Everyone the sections refer to (they must be participants of the document). */
  people: Set<string>;
}

/** `inScope`: a branch export keeps the ledger of its own claims and no summaries. */
export async function readCruxSections(debateId: string, inScope: ReadonlySet<string> | null): Promise<CruxSections> {
  const [ledgers, estimates, followUps, summaries] = await Promise.all([
    debateLedgerRows(debateId),
    db().cruxEstimate.findMany({ where: { node: { debateId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db().cruxFollowUp.findMany({ where: { node: { debateId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    inScope ? Promise.resolve(null) : summariesOf(debateId),
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
  return { cruxLedger, summaries: summaryRecords, people };
}
