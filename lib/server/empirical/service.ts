// Empirical claims: resolution mode, experiment cards, predictions,
// resolutions (resolve / dispute / reopen), cruxes, the research agenda and
// Brier scores. The rules are the pure modules next to this file; here they
// meet the database, permissions and the event log.

import "server-only";
import { db, type Tx } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { AppError, badRequest, conflict, notFound } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { loadAccess, permissionContext, requireAccess } from "@/lib/server/debate/access";
import { publishedDebate } from "@/lib/server/debate/published";
import { assertCan, type Action } from "@/lib/domain/debate/permissions";
import { readAnalysisRows, readDebateRowsByIds } from "@/lib/server/queries/tree";
import { lockNodeRow } from "@/lib/server/queries/locks";
import type { ResolutionMode, Side } from "@/lib/domain/vocabulary";
import { applyResolutionEvent, assertCanPredict, reduceResolution } from "@/lib/domain/empirical/resolution";
import { brierScores, predictionDistribution, resolutionPropagation, type ResolvedClaim } from "@/lib/domain/empirical/scoring";
import { agendaRows, sortAgenda, type AgendaRow, type AgendaSortField } from "@/lib/domain/empirical/agenda";
import { assertStatusTransition, statusForOutcome } from "@/lib/domain/empirical/experiment";
import { reviewFlags } from "@/lib/domain/empirical/review";
import { parseStrictProbability, type ExperimentCardData, type PredictionInput, type ResolutionActionInput, type SetModeInput } from "@/lib/domain/empirical/validation";
import { storedLinks } from "@/lib/contracts/common";
import { requestCruxFollowUps } from "@/lib/server/cruxes/service";

const claimSelect = { id: true, kind: true, authorId: true, resolutionMode: true, outcome: true, retractedAt: true } as const;

/** Locks the claim row for this transaction, so state checks and writes cannot interleave. */
async function lockClaim(tx: Tx, debateId: string, nodeId: string) {
  if (!(await lockNodeRow(tx, debateId, nodeId))) throw notFound("No such node in this debate");
  return tx.node.findFirstOrThrow({ where: { id: nodeId, debateId }, select: claimSelect });
}

async function resolutionLog(client: Tx | ReturnType<typeof db>, nodeId: string) {
  return client.resolutionEvent.findMany({
    where: { nodeId },
    select: { id: true, nodeId: true, actorId: true, action: true, outcome: true, summary: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

async function assertNodeInDebate(debateId: string, nodeId: string) {
  const node = await db().node.findFirst({ where: { id: nodeId, debateId }, select: claimSelect });
  if (!node) throw notFound("No such node in this debate");
  return node;
}

// ---------- mode ----------

export async function setResolutionMode(actor: Actor, debateId: string, nodeId: string, input: SetModeInput) {
  await requireAccess(debateId, actor, "claim:set-mode");
  return db().$transaction(async (tx) => {
    const node = await lockClaim(tx, debateId, nodeId);
    if (node.kind === "PROPOSAL") throw badRequest("The proposal is judged by the scoreboard; mark its claims instead");
    if (node.retractedAt) throw conflict("A retracted node cannot change its resolution mode");
    const from = node.resolutionMode;
    const to: ResolutionMode = input.mode;
    if (from === to) return { id: node.id, resolutionMode: to, outcome: node.outcome, changed: false };
    if (node.outcome !== null) {
      throw conflict("This claim has a resolution; reopen it before changing how it is settled");
    }
    await tx.node.updateMany({ where: { id: nodeId, debateId }, data: { resolutionMode: to } });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "claim.mode-changed", nodeId, payload: { from, to } });
    return { id: node.id, resolutionMode: to, outcome: node.outcome, changed: true };
  });
}

// ---------- experiment card ----------

const cardSelect = {
  nodeId: true,
  question: true,
  method: true,
  supportIf: true,
  refuteIf: true,
  ownerId: true,
  status: true,
  links: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function upsertExperimentCard(actor: Actor, debateId: string, nodeId: string, input: ExperimentCardData) {
  const access = await requireAccess(debateId, actor, "experiment:edit");
  const ownerId = input.ownerId ?? null;
  if (ownerId !== null && ownerId !== access.debate.ownerId) {
    const member = await db().membership.findUnique({ where: { debateId_userId: { debateId, userId: ownerId } }, select: { id: true } });
    if (!member) throw fieldError("ownerId", "The experiment owner must be a member of this debate");
  }
  return db().$transaction(async (tx) => {
    const node = await lockClaim(tx, debateId, nodeId);
    if (node.resolutionMode !== "EMPIRICAL") throw badRequest("Only an empirical claim has an experiment card; mark it EMPIRICAL first");
    if (node.retractedAt) throw conflict("A retracted claim cannot get an experiment card");
    const existing = await tx.experimentCard.findUnique({ where: { nodeId }, select: { status: true, revision: true } });
    const data = {
      question: input.question,
      method: input.method,
      supportIf: input.supportIf,
      refuteIf: input.refuteIf,
      ownerId,
      status: input.status,
      links: input.links,
    };
    let card;
    if (!existing) {
      if (input.revision) throw conflict("This experiment card no longer exists; reload", { currentRevision: null });
      assertStatusTransition(null, input.status);
      card = await tx.experimentCard.create({ data: { nodeId, ...data }, select: cardSelect });
    } else {
      if (!input.revision || input.revision !== existing.revision) {
        throw conflict("The experiment card was changed since you opened it; reload to see the latest revision", {
          currentRevision: existing.revision,
        });
      }
      assertStatusTransition(existing.status, input.status);
      const { count } = await tx.experimentCard.updateMany({
        where: { nodeId, revision: input.revision },
        data: { ...data, revision: { increment: 1 } },
      });
      if (count === 0) throw conflict("The experiment card was changed since you opened it; reload", { currentRevision: existing.revision });
      card = await tx.experimentCard.findUniqueOrThrow({ where: { nodeId }, select: cardSelect });
    }
    await recordEvent(tx, {
      debateId,
      actorId: actor.id,
      type: "experiment.updated",
      nodeId,
      payload: { revision: card.revision, status: card.status, fromStatus: existing?.status ?? null },
    });
    return { ...card, links: storedLinks(card.links) };
  });
}

// ---------- predictions ----------

export async function recordPrediction(actor: Actor, debateId: string, nodeId: string, input: PredictionInput) {
  const access = await requireAccess(debateId, actor, "prediction:create");
  const probability = parseStrictProbability(input.probability);
  // The owner without a membership row predicts as an observer.
  const side: Side = access.membership?.side ?? "OBSERVER";
  return db().$transaction(async (tx) => {
    const node = await lockClaim(tx, debateId, nodeId);
    if (node.retractedAt) throw conflict("A retracted claim takes no predictions");
    const state = reduceResolution(await resolutionLog(tx, nodeId), node);
    assertCanPredict(node, state);
    const prediction = await tx.prediction.create({
      data: { nodeId, userId: actor.id, side, probability },
      select: { id: true, nodeId: true, userId: true, side: true, probability: true, createdAt: true },
    });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "prediction.created", nodeId, payload: { probability, side } });
    return prediction;
  });
}

/** Every prediction on a claim (the timeline), the spread of the latest per side, and the resolution state. */
export async function predictionTimeline(actor: Actor | null, debateId: string, nodeId: string) {
  await requireAccess(debateId, actor, "debate:read");
  const node = await assertNodeInDebate(debateId, nodeId);
  const [predictions, log] = await Promise.all([
    db().prediction.findMany({
      where: { nodeId, node: { debateId } },
      select: {
        id: true,
        nodeId: true,
        userId: true,
        side: true,
        probability: true,
        createdAt: true,
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    resolutionLog(db(), nodeId),
  ]);
  const users = await usersById(predictions.map((p) => p.userId));
  const state = reduceResolution(log, node);
  // Once resolved, the spread is the one that stood when the result came in.
  const distribution = predictionDistribution(predictions, state.resolvedAt ?? undefined);
  return {
    predictions: predictions.map((p) => ({ ...p, username: users.get(p.userId)?.username ?? "", displayName: users.get(p.userId)?.displayName ?? "(former member)" })),
    distribution,
    state: { status: state.status, outcome: state.outcome, resolvedAt: state.resolvedAt, disputedAt: state.disputedAt },
  };
}

// ---------- resolve / dispute / reopen ----------

const RESOLUTION_ACTION: Record<ResolutionActionInput["action"], Action> = {
  RESOLVE: "claim:resolve",
  DISPUTE: "claim:dispute",
  REOPEN: "claim:reopen-resolution",
};

const RESOLUTION_EVENT = { RESOLVE: "claim.resolved", DISPUTE: "claim.disputed", REOPEN: "claim.reopened" } as const;

/** One step of the resolution state machine; Node.outcome and the card status follow it. */
export async function applyResolution(actor: Actor, debateId: string, nodeId: string, input: ResolutionActionInput) {
  await requireAccess(debateId, actor, RESOLUTION_ACTION[input.action]);
  const evidence = input.evidence ?? [];
  return db().$transaction(async (tx) => {
    const node = await lockClaim(tx, debateId, nodeId);
    if (node.retractedAt) throw conflict("A retracted claim cannot be resolved, disputed or reopened");
    const before = reduceResolution(await resolutionLog(tx, nodeId), node);
    const outcome = input.action === "RESOLVE" ? input.outcome : null;
    // Throws BAD_REQUEST (not empirical) or CONFLICT (wrong state) before anything is written.
    const after = applyResolutionEvent(node, before, { action: input.action, outcome, actorId: actor.id, createdAt: new Date() });

    const event = await tx.resolutionEvent.create({
      data: { nodeId, actorId: actor.id, action: input.action, outcome, summary: input.summary, evidence },
      select: { id: true, action: true, outcome: true, summary: true, evidence: true, actorId: true, createdAt: true },
    });
    if (input.action !== "DISPUTE") {
      await tx.node.updateMany({ where: { id: nodeId, debateId }, data: { outcome: after.outcome } });
    }
    const card = await tx.experimentCard.findUnique({ where: { nodeId }, select: { status: true } });
    if (card && input.action === "RESOLVE") {
      await tx.experimentCard.update({ where: { nodeId }, data: { status: statusForOutcome(input.outcome), revision: { increment: 1 } } });
    } else if (card && input.action === "REOPEN" && (card.status === "RESOLVED" || card.status === "INCONCLUSIVE")) {
      await tx.experimentCard.update({ where: { nodeId }, data: { status: "RUNNING", revision: { increment: 1 } } });
    }

    let reviewNodeIds: string[] = [];
    if (input.action === "RESOLVE") {
      const nodes = await tx.node.findMany({
        where: { debateId },
        select: { id: true, parentId: true, createdAt: true, kind: true, answersNodeIds: true },
      });
      reviewNodeIds = resolutionPropagation(node, input.outcome, nodes).reviewNodeIds;
    }
    await recordEvent(tx, {
      debateId,
      actorId: actor.id,
      type: RESOLUTION_EVENT[input.action],
      nodeId,
      payload: { outcome: after.outcome, from: before.status, to: after.status, ...(reviewNodeIds.length ? { reviewNodeIds } : {}) },
    });
    // Whoever pre-committed to an update on this claim is asked to confirm or revise it.
    if (input.action === "RESOLVE") await requestCruxFollowUps(tx, { debateId, nodeId, actorId: actor.id });
    return {
      event: { ...event, evidence: storedLinks(event.evidence) },
      state: { status: after.status, outcome: after.outcome, resolvedAt: after.resolvedAt, disputedAt: after.disputedAt },
      reviewNodeIds,
    };
  });
}

// ---------- cruxes ----------

export async function markCrux(actor: Actor, debateId: string, nodeId: string) {
  const access = await requireAccess(debateId, actor, "crux:mark");
  const side = access.membership!.side;
  return db().$transaction(async (tx) => {
    await lockClaim(tx, debateId, nodeId);
    const existing = await tx.cruxMark.findUnique({ where: { nodeId_userId: { nodeId, userId: actor.id } }, select: { side: true } });
    if (existing) return { marked: true, changed: false };
    await tx.cruxMark.create({ data: { nodeId, userId: actor.id, side } });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "crux.marked", nodeId, payload: { side } });
    return { marked: true, changed: true };
  });
}

/** Whoever marked a crux may remove their own mark, even after switching sides. */
export async function unmarkCrux(actor: Actor, debateId: string, nodeId: string) {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  if (!access.userId) assertCan("crux:mark", permissionContext(access));
  return db().$transaction(async (tx) => {
    await lockClaim(tx, debateId, nodeId);
    const existing = await tx.cruxMark.findUnique({ where: { nodeId_userId: { nodeId, userId: actor.id } }, select: { side: true } });
    if (!existing) {
      assertCan("crux:mark", permissionContext(access));
      return { marked: false, changed: false };
    }
    await tx.cruxMark.delete({ where: { nodeId_userId: { nodeId, userId: actor.id } } });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "crux.unmarked", nodeId, payload: { side: existing.side } });
    return { marked: false, changed: true };
  });
}

// ---------- research agenda ----------

export type AgendaEntry = AgendaRow & { debateId: string; debateTitle: string };

async function agendaFor(debate: { id: string; title: string }): Promise<AgendaEntry[]> {
  const [rows, cards, predictions, events, cruxEstimates] = await Promise.all([
    // No text: a 100,000-node debate's bodies are most of the read; the listed claims' come next.
    readAnalysisRows(debate.id),
    db().experimentCard.findMany({
      where: { node: { debateId: debate.id } },
      select: { nodeId: true, question: true, method: true, supportIf: true, refuteIf: true, ownerId: true, status: true },
    }),
    db().prediction.findMany({
      where: { node: { debateId: debate.id } },
      select: { id: true, nodeId: true, userId: true, side: true, probability: true, createdAt: true },
    }),
    db().resolutionEvent.findMany({
      where: { node: { debateId: debate.id } },
      select: { id: true, nodeId: true, actorId: true, action: true, outcome: true, createdAt: true },
    }),
    db().cruxEstimate.findMany({
      // Every claim's: a claim that is not empirical is on the agenda for its crux-ledger entries.
      where: { node: { debateId: debate.id } },
      select: { nodeId: true, userId: true, side: true, credence: true, ifTrue: true, ifFalse: true, createdAt: true },
    }),
  ]);
  const listed = agendaRows({ nodes: rows, cards, predictions, resolutionEvents: events, cruxEstimates });
  const texts = new Map((await readDebateRowsByIds(debate.id, listed.map((row) => row.nodeId), { bodyChars: EXCERPT_CHARS + 1 })).map((r) => [r.id, r]));
  return listed.map((row) => {
    const text = texts.get(row.nodeId);
    return { ...row, title: text ? text.title || excerpt(text.body) : row.title, debateId: debate.id, debateTitle: debate.title };
  });
}

function sortEntries(rows: readonly AgendaEntry[], sort: AgendaSortField, order: "asc" | "desc"): AgendaEntry[] {
  // sortAgenda keeps the row objects, so the extra fields survive.
  return sortAgenda(rows, sort, order) as AgendaEntry[];
}

/** Open and disputed empirical claims of one debate, with cards and prediction spread, and claims that are not empirical but carry crux-ledger entries. */
export async function debateAgenda(actor: Actor | null, debateId: string, sort: AgendaSortField = "disagreement", order: "asc" | "desc" = "desc") {
  const access = await requireAccess(debateId, actor, "debate:read");
  const rows = await agendaFor(access.debate);
  return { debate: { id: access.debate.id, title: access.debate.title }, rows: sortEntries(rows, sort, order) };
}

/** The agenda across every debate the actor owns or belongs to. */
export async function myAgenda(actor: Actor, sort: AgendaSortField = "disagreement", order: "asc" | "desc" = "desc") {
  const debates = await db().debate.findMany({
    where: {
      OR: [{ ownerId: actor.id }, { memberships: { some: { userId: actor.id } } }],
      nodes: { some: { retractedAt: null, OR: [{ resolutionMode: "EMPIRICAL" }, { cruxEstimates: { some: {} } }] } },
      ...publishedDebate,
    },
    select: { id: true, title: true },
    orderBy: { lastMoveAt: "desc" },
    take: 200,
  });
  const rows = (await Promise.all(debates.map((d) => agendaFor(d)))).flat();
  return { rows: sortEntries(rows, sort, order) };
}

// ---------- Brier scores ----------

/** Each participant's Brier score over the debate's resolved (not disputed, not inconclusive) claims. */
export async function debateBrierScores(actor: Actor | null, debateId: string) {
  await requireAccess(debateId, actor, "debate:read");
  const [events, predictions] = await Promise.all([
    db().resolutionEvent.findMany({
      where: { node: { debateId, resolutionMode: "EMPIRICAL" } },
      select: { id: true, nodeId: true, actorId: true, action: true, outcome: true, createdAt: true },
    }),
    db().prediction.findMany({
      where: { node: { debateId, resolutionMode: "EMPIRICAL" } },
      select: { nodeId: true, userId: true, side: true, probability: true, createdAt: true },
    }),
  ]);
  const byNode = new Map<string, typeof events>();
  for (const e of events) byNode.set(e.nodeId, [...(byNode.get(e.nodeId) ?? []), e]);
  const claims: ResolvedClaim[] = [];
  for (const [nodeId, log] of byNode) {
    const state = reduceResolution(log);
    if (state.status === "resolved" && state.outcome && state.resolvedAt) claims.push({ nodeId, outcome: state.outcome, resolvedAt: state.resolvedAt });
  }
  const scores = brierScores(claims, predictions);
  const [userOf, members] = await Promise.all([
    usersById(scores.map((s) => s.userId)),
    db().membership.findMany({ where: { debateId, userId: { in: scores.map((s) => s.userId) } }, select: { userId: true, side: true } }),
  ]);
  const sideOf = new Map(members.map((m) => [m.userId, m.side]));
  return {
    claimsScored: claims.filter((c) => c.outcome !== "INCONCLUSIVE").length,
    scores: scores.map((s) => ({
      ...s,
      username: userOf.get(s.userId)?.username ?? "",
      displayName: userOf.get(s.userId)?.displayName ?? "(former member)",
      side: sideOf.get(s.userId) ?? null,
    })),
  };
}

// ---------- review flags (used by the debate overview) ----------

/** Nodes that depend on a resolved claim and have not been touched since. */
export async function debateReviewFlags(debateId: string, nodes: Parameters<typeof reviewFlags>[0]) {
  const events = await db().resolutionEvent.findMany({
    where: { node: { debateId } },
    select: { id: true, nodeId: true, actorId: true, action: true, outcome: true, createdAt: true },
  });
  return reviewFlags(nodes, events);
}

async function usersById(ids: readonly string[]) {
  const users = await db().user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, username: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u]));
}

/** An untitled claim is named by its body's start; one more character read tells whether it was cut. */
const EXCERPT_CHARS = 80;

function excerpt(body: string): string {
  return body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS)}…` : body;
}

function fieldError(field: string, message: string) {
  return new AppError("VALIDATION", message, { details: { fieldErrors: { [field]: [message] } } });
}
