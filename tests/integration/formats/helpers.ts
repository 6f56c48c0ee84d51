// Shared setup for the export/import integration tests: a realistic debate
// built through the services, bearer tokens, route calls, row counts and an
// id-normalizer for comparing documents across a round trip.
import type { Actor } from "@/lib/domain/actor";
import { createApiToken } from "@/lib/server/auth/tokens";
import { db } from "@/lib/server/db/client";
import { pruneBranch, reopenBranch } from "@/lib/server/debate/branches";
import { createNode, editNode } from "@/lib/server/debate/nodes";
import { applyResolution, markCrux, recordPrediction, setResolutionMode, upsertExperimentCard } from "@/lib/server/empirical/service";
import { collect, type DebateDocument, type ExportFormat } from "@/lib/formats";
import { exportDebateFor, type ExportRequestOptions } from "@/lib/server/transfer/export";
import { createDebate, type DebateFixture } from "../../factories";

export const PROPOSAL = "Put a read-through cache in front of the catalogue service.";

export interface Realistic {
  fx: DebateFixture<"breaker" | "moderator" | "observer">;
  ids: { ce: string; patch: string; rebuttal: string; question: string; comment: string };
}

/** A debate with versions, a quote, revisions, prune/reopen events, an empirical card, predictions, a resolution and crux marks. */
export async function realisticDebate(visibility: "PUBLIC" | "UNLISTED" | "PRIVATE" = "PUBLIC"): Promise<Realistic> {
  const fx = await createDebate(db(), {
    title: "Cache: read-through, or not? «ça dépend»",
    proposal: PROPOSAL,
    context: "Latency budget: 50 ms at p99.",
    visibility,
    members: { breaker: { side: "BREAKER" }, moderator: { side: "OBSERVER", role: "MODERATOR" }, observer: { side: "OBSERVER" } },
  });
  const { owner, members } = fx;
  const quoted = "read-through cache";
  const start = PROPOSAL.indexOf(quoted);
  const ce = await createNode(members.breaker, fx.id, {
    parentId: fx.rootNodeId,
    kind: "COUNTEREXAMPLE",
    title: "Stale reads",
    body: "Two writers race on the same key and readers see an **older** version.",
    quote: { text: quoted, start, end: start + quoted.length },
    targetVersions: [1],
  });
  const patch = await createNode(owner, fx.id, {
    parentId: ce.id,
    kind: "PATCH",
    title: "Versioned keys",
    body: "Reject a write unless it names the latest revision.",
    answersNodeIds: [ce.id],
    proposal: `${PROPOSAL} Keys carry a version; stale writes are rejected.`,
  });
  const rebuttal = await createNode(members.breaker, fx.id, {
    parentId: patch.id,
    kind: "REBUTTAL",
    title: "",
    body: "The version check costs a round trip per request.",
  });
  const question = await createNode(members.observer, fx.id, { parentId: fx.rootNodeId, kind: "QUESTION", title: "", body: "What is the hit rate today?" });
  const comment = await createNode(members.observer, fx.id, {
    parentId: question.id,
    kind: "COMMENT",
    title: "Inert <b>markup</b>",
    body: "<script>alert(1)</script> [link](javascript:alert(1)) and a line\nbreak — ünïcödé 🎉",
  });
  await editNode(members.breaker, fx.id, ce.id, { title: "Stale reads under contention", body: "Two writers race on the same key; readers see an older version.", revision: 1 });
  await pruneBranch(owner, fx.id, question.id, { category: "UNPROMISING", reason: "Off topic for the proposal.", promise: 20 });
  await reopenBranch(owner, fx.id, question.id, { reason: "The hit rate decides the patch after all." });
  await pruneBranch(owner, fx.id, rebuttal.id, { category: "OUT_OF_SCOPE", reason: "Latency is a separate debate.", promise: null });
  await setResolutionMode(members.breaker, fx.id, ce.id, { mode: "EMPIRICAL" });
  await upsertExperimentCard(members.breaker, fx.id, ce.id, {
    question: "Do readers see stale values under two concurrent writers?",
    method: "Replay one day of traffic with two writers per key.",
    supportIf: "Any stale read.",
    refuteIf: "No stale read in 10^6 requests.",
    ownerId: null,
    status: "RUNNING",
    links: [{ label: "Trace", url: "https://example.com/trace" }],
  });
  await recordPrediction(members.breaker, fx.id, ce.id, { probability: 0.7 });
  await recordPrediction(owner, fx.id, ce.id, { probability: "30%" });
  await recordPrediction(members.breaker, fx.id, ce.id, { probability: 0.8 });
  await applyResolution(members.moderator, fx.id, ce.id, {
    action: "RESOLVE",
    outcome: "SUPPORTED",
    summary: "Stale reads appeared within minutes.",
    evidence: [{ label: "Run log", url: "https://example.com/run/1" }],
  });
  await markCrux(members.breaker, fx.id, ce.id);
  await markCrux(owner, fx.id, ce.id);
  return { fx, ids: { ce: ce.id, patch: patch.id, rebuttal: rebuttal.id, question: question.id, comment: comment.id } };
}

export async function exportText(actor: Pick<Actor, "id"> | null, debateId: string, format: ExportFormat, rootId?: string, options?: ExportRequestOptions): Promise<string> {
  return collect((await exportDebateFor(actor, debateId, format, rootId, options)).chunks);
}

export async function exportDoc(actor: Pick<Actor, "id"> | null, debateId: string, rootId?: string): Promise<DebateDocument> {
  return JSON.parse(await exportText(actor, debateId, "json", rootId)) as DebateDocument;
}

/** A bearer token (its secret) for `user`. */
export async function tokenFor(user: Pick<Actor, "id">): Promise<string> {
  return (await createApiToken(user.id, "formats test")).secret;
}

export const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

/** Row counts of every table an import writes (and a few it must not). */
export async function rowCounts() {
  const c = db();
  const [users, debates, memberships, roleChanges, nodes, versions, revisions, pruneEvents, cards, predictions, resolutions, cruxes, events] = await Promise.all([
    c.user.count(),
    c.debate.count(),
    c.membership.count(),
    c.roleChange.count(),
    c.node.count(),
    c.proposalVersion.count(),
    c.nodeRevision.count(),
    c.pruneEvent.count(),
    c.experimentCard.count(),
    c.prediction.count(),
    c.resolutionEvent.count(),
    c.cruxMark.count(),
    c.debateEvent.count(),
  ]);
  return { users, debates, memberships, roleChanges, nodes, versions, revisions, pruneEvents, cards, predictions, resolutions, cruxes, events };
}

/**
 * Replaces every ref by a canonical one (p1, p2… for people in participant
 * order, n1, n2… for nodes in document order) and drops exportedAt, so two
 * exports of the same content compare equal whatever the database ids.
 */
export function normalizeIds(doc: DebateDocument): Omit<DebateDocument, "exportedAt"> {
  const people = new Map(doc.participants.map((p, i) => [p.ref, `p${i + 1}`]));
  const nodes = new Map(doc.nodes.map((n, i) => [n.ref, `n${i + 1}`]));
  const person = (r: string) => people.get(r) ?? `?person:${r}`;
  const personOrNull = (r: string | null) => (r === null ? null : person(r));
  const node = (r: string) => nodes.get(r) ?? `?node:${r}`;
  const nodeOrNull = (r: string | null) => (r === null ? null : node(r));
  const { exportedAt: _ignored, ...rest } = doc;
  return {
    ...rest,
    participants: doc.participants.map((p) => ({ ...p, ref: person(p.ref) })),
    versions: doc.versions.map((v) => ({ ...v, nodeRef: node(v.nodeRef), authorRef: person(v.authorRef) })),
    nodes: doc.nodes.map((n) => ({
      ...n,
      ref: node(n.ref),
      parentRef: nodeOrNull(n.parentRef),
      authorRef: person(n.authorRef),
      acceptedByRef: personOrNull(n.acceptedByRef),
      answersRefs: n.answersRefs.map(node),
      revisions: n.revisions.map((r) => ({ ...r, editorRef: person(r.editorRef) })),
      pruneEvents: n.pruneEvents.map((e) => ({ ...e, actorRef: person(e.actorRef), duplicateOfRef: nodeOrNull(e.duplicateOfRef) })),
      experiment: n.experiment ? { ...n.experiment, ownerRef: personOrNull(n.experiment.ownerRef) } : null,
      predictions: n.predictions.map((p) => ({ ...p, userRef: person(p.userRef) })),
      resolutions: n.resolutions.map((r) => ({ ...r, actorRef: person(r.actorRef) })),
      cruxes: n.cruxes.map((c) => ({ ...c, userRef: person(c.userRef) })),
    })),
  };
}
