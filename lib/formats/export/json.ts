// JSON: the canonical builder-breaker/2 document, written node by node.

import { FORMAT_ID, type CounterexampleClassRecord, type CruxLedgerRecord, type DebateMeta, type NodeLinkRecord, type NodeRecord, type Participant, type ProposalVersionRecord, type RoundRecord, type SummaryRecord } from "../document";
import type { DebateSource } from "../source";

/** Streams the canonical document; keys always come out in schema order so output is byte-stable. */
export async function* exportJson(source: DebateSource): AsyncGenerator<string> {
  const head = {
    format: FORMAT_ID,
    exportedAt: source.exportedAt ?? new Date().toISOString(),
    debate: canonicalDebate(source.debate),
    participants: source.participants.map(canonicalParticipant),
    versions: source.versions.map(canonicalVersion),
    links: (source.links ?? []).map(canonicalLink),
    // Only when there are any, so debates without classes export byte for byte as before.
    ...(source.classes?.length ? { classes: source.classes.map(canonicalClass) } : {}),
    // Optional sections: written only when there is something in them, so older debates export as before.
    ...(source.cruxLedger?.length ? { cruxLedger: source.cruxLedger.map(canonicalCruxLedger) } : {}),
    ...(source.summaries?.length ? { summaries: source.summaries.map(canonicalSummary) } : {}),
    ...(source.rounds?.length ? { rounds: source.rounds.map(canonicalRound) } : {}),
  };
  let out = "{\n";
  for (const [key, value] of Object.entries(head)) out += `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), "  ")},\n`;
  yield out + '  "nodes": [';
  let first = true;
  for await (const node of source.nodes) {
    yield `${first ? "" : ","}\n    ${indent(JSON.stringify(canonicalNode(node), null, 2), "    ")}`;
    first = false;
  }
  yield first ? "]\n}\n" : "\n  ]\n}\n";
}

function indent(json: string, prefix: string): string {
  return json.replace(/\n/g, `\n${prefix}`);
}

const link = (l: { url: string; title: string }) => ({ url: l.url, title: l.title });

export function canonicalDebate(d: DebateMeta): DebateMeta {
  return {
    title: d.title,
    context: d.context,
    links: d.links.map(link),
    visibility: d.visibility,
    playMode: d.playMode,
    // Only when the source has it, so documents without it export byte for byte as before.
    ...(d.stuckAfterDays !== undefined ? { stuckAfterDays: d.stuckAfterDays } : {}),
    ...(d.brokenRule !== undefined ? { brokenRule: d.brokenRule } : {}),
    ...(d.brokenThreshold !== undefined ? { brokenThreshold: d.brokenThreshold } : {}),
    createdAt: d.createdAt,
  };
}

export function canonicalParticipant(p: Participant): Participant {
  return { ref: p.ref, displayName: p.displayName, side: p.side };
}

export function canonicalClass(c: CounterexampleClassRecord): CounterexampleClassRecord {
  return { ref: c.ref, name: c.name, description: c.description, createdByRef: c.createdByRef, createdAt: c.createdAt };
}

export function canonicalVersion(v: ProposalVersionRecord): ProposalVersionRecord {
  return { number: v.number, body: v.body, nodeRef: v.nodeRef, authorRef: v.authorRef, createdAt: v.createdAt };
}

export function canonicalLink(l: NodeLinkRecord): NodeLinkRecord {
  return { fromRef: l.fromRef, toRef: l.toRef, type: l.type, authorRef: l.authorRef, createdAt: l.createdAt };
}

/** The node with its keys (and nested keys) in schema order. */
export function canonicalNode(n: NodeRecord): NodeRecord {
  return {
    ref: n.ref,
    parentRef: n.parentRef,
    kind: n.kind,
    side: n.side,
    authorRef: n.authorRef,
    title: n.title,
    body: n.body,
    quote: n.quote ? { text: n.quote.text, start: n.quote.start, end: n.quote.end } : null,
    targetVersions: [...n.targetVersions],
    answersRefs: [...n.answersRefs],
    retractedAt: n.retractedAt,
    prunedAt: n.prunedAt,
    acceptedAt: n.acceptedAt,
    acceptedByRef: n.acceptedByRef,
    resolutionMode: n.resolutionMode,
    outcome: n.outcome,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    revisions: n.revisions.map((r) => ({ revision: r.revision, editorRef: r.editorRef, title: r.title, body: r.body, createdAt: r.createdAt })),
    pruneEvents: n.pruneEvents.map((e) => ({
      action: e.action,
      category: e.category,
      reason: e.reason,
      promise: e.promise,
      duplicateOfRef: e.duplicateOfRef,
      actorRef: e.actorRef,
      createdAt: e.createdAt,
    })),
    experiment: n.experiment
      ? {
          question: n.experiment.question,
          method: n.experiment.method,
          supportIf: n.experiment.supportIf,
          refuteIf: n.experiment.refuteIf,
          ownerRef: n.experiment.ownerRef,
          status: n.experiment.status,
          links: n.experiment.links.map(link),
          createdAt: n.experiment.createdAt,
          updatedAt: n.experiment.updatedAt,
        }
      : null,
    predictions: n.predictions.map((p) => ({ userRef: p.userRef, side: p.side, probability: p.probability, createdAt: p.createdAt })),
    resolutions: n.resolutions.map((r) => ({
      action: r.action,
      outcome: r.outcome,
      summary: r.summary,
      evidence: r.evidence.map(link),
      actorRef: r.actorRef,
      createdAt: r.createdAt,
    })),
    cruxes: n.cruxes.map((c) => ({ userRef: c.userRef, side: c.side, createdAt: c.createdAt })),
    ...(n.classRef !== undefined ? { classRef: n.classRef } : {}),
    ...(n.answersClassRefs?.length ? { answersClassRefs: [...n.answersClassRefs] } : {}),
    ...(n.plausibilityEstimates?.length
      ? { plausibilityEstimates: n.plausibilityEstimates.map((e) => ({ userRef: e.userRef, side: e.side, plausibility: e.plausibility, severity: e.severity, createdAt: e.createdAt })) }
      : {}),
  };
}

export function canonicalCruxLedger(c: CruxLedgerRecord): CruxLedgerRecord {
  const f = c.figures;
  return {
    nodeRef: c.nodeRef,
    estimates: c.estimates.map((e) => ({ userRef: e.userRef, side: e.side, credence: e.credence, ifTrue: e.ifTrue, ifFalse: e.ifFalse, createdAt: e.createdAt })),
    followUps: c.followUps.map((u) => ({ userRef: u.userRef, claimTrue: u.claimTrue, credence: u.credence, confirmed: u.confirmed, createdAt: u.createdAt })),
    figures: {
      doubleCrux: f.doubleCrux,
      expectedBeliefChange: f.expectedBeliefChange,
      verdict: f.verdict ? { claimTrue: f.verdict.claimTrue, via: f.verdict.via, at: f.verdict.at } : null,
      outcome: f.outcome,
      people: f.people.map((p) => ({
        userRef: p.userRef,
        stake: p.stake,
        expectedMove: p.expectedMove,
        precommittedUpdate: p.precommittedUpdate,
        actualUpdate: p.actualUpdate,
        confirmed: p.confirmed,
      })),
    },
  };
}

export function canonicalSummary(s: SummaryRecord): SummaryRecord {
  return {
    authorRef: s.authorRef,
    versionNumber: s.versionNumber,
    body: s.body,
    revision: s.revision,
    endorsed: s.endorsed,
    pinned: s.pinned,
    endorsements: s.endorsements.map((e) => ({ userRef: e.userRef, side: e.side, createdAt: e.createdAt })),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function canonicalRound(r: RoundRecord): RoundRecord {
  return {
    number: r.number,
    title: r.title,
    rubric: r.rubric,
    openedByRef: r.openedByRef,
    openedAt: r.openedAt,
    deadline: r.deadline,
    finalisedAt: r.finalisedAt,
    judgeRefs: [...r.judgeRefs],
    entryRefs: [...r.entryRefs],
    verdicts: r.verdicts.map((v) => ({ nodeRef: v.nodeRef, judgeRef: v.judgeRef, verdict: v.verdict, reason: v.reason, createdAt: v.createdAt, updatedAt: v.updatedAt })),
  };
}
