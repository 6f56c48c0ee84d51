// The crux ledger: conditional credences on claims, the follow-ups after a claim is
// settled, and the debate-wide read (double cruxes, expected belief change). The
// arithmetic is lib/domain/cruxes/ledger.ts; here it meets the database, permissions
// and the event log.

import "server-only";
import { db, type Tx } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { conflict, notFound } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { requireAccess } from "@/lib/server/debate/access";
import type { Side } from "@/lib/domain/vocabulary";
import { reduceResolution } from "@/lib/domain/empirical/resolution";
import { byNode, claimLedger, claimVerdict, latestPerUser, type ClaimLedger, type Verdict } from "@/lib/domain/cruxes/ledger";
import { assertCredence, type CruxEstimateInput, type CruxFollowUpInput } from "@/lib/domain/cruxes/validation";

type Client = Tx | ReturnType<typeof db>;

const estimateSelect = { id: true, nodeId: true, userId: true, side: true, credence: true, ifTrue: true, ifFalse: true, createdAt: true } as const;
const followUpSelect = { id: true, nodeId: true, userId: true, claimTrue: true, credence: true, confirmed: true, createdAt: true } as const;

/** Locks the claim row, so a verdict and an estimate cannot interleave. */
async function lockClaim(tx: Tx, debateId: string, nodeId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Node" WHERE "id" = ${nodeId} AND "debateId" = ${debateId} FOR UPDATE`;
  if (locked.length === 0) throw notFound("No such node in this debate");
  return tx.node.findFirstOrThrow({
    where: { id: nodeId, debateId },
    select: { id: true, kind: true, parentId: true, retractedAt: true, resolutionMode: true },
  });
}

/** How each of these claims was settled (or null), from the resolution log and the prune log. */
export async function verdictsFor(client: Client, debateId: string, nodeIds?: readonly string[]): Promise<Map<string, Verdict>> {
  const nodeFilter = nodeIds ? { id: { in: [...nodeIds] } } : {};
  const [events, pruned] = await Promise.all([
    client.resolutionEvent.findMany({
      where: { node: { debateId, resolutionMode: "EMPIRICAL", ...nodeFilter } },
      select: { id: true, nodeId: true, actorId: true, action: true, outcome: true, createdAt: true },
    }),
    client.node.findMany({
      where: { debateId, prunedAt: { not: null }, ...nodeFilter },
      select: { id: true, prunedAt: true, pruneEvents: { where: { action: "PRUNE" }, orderBy: { createdAt: "desc" }, take: 1, select: { category: true } } },
    }),
  ]);
  const logs = byNode(events);
  const prunes = new Map(pruned.map((n) => [n.id, { prunedAt: n.prunedAt, category: n.pruneEvents[0]?.category ?? null }]));
  const verdicts = new Map<string, Verdict>();
  for (const id of new Set([...logs.keys(), ...prunes.keys()])) {
    const state = reduceResolution(logs.get(id) ?? []);
    const verdict = claimVerdict({
      empirical: { status: state.status, outcome: state.outcome, resolvedAt: state.resolvedAt },
      prune: prunes.get(id) ?? { prunedAt: null, category: null },
    });
    if (verdict) verdicts.set(id, verdict);
  }
  return verdicts;
}

// ---------- estimates ----------

/** Records a participant's conditional credences on a claim; every update is kept. */
export async function recordCruxEstimate(actor: Actor, debateId: string, nodeId: string, input: CruxEstimateInput) {
  const access = await requireAccess(debateId, actor, "crux:estimate");
  const data = {
    credence: assertCredence("credence", input.credence),
    ifTrue: assertCredence("ifTrue", input.ifTrue),
    ifFalse: assertCredence("ifFalse", input.ifFalse),
  };
  // The owner without a membership row estimates as an observer.
  const side: Side = access.membership?.side ?? "OBSERVER";
  return db().$transaction(async (tx) => {
    const node = await lockClaim(tx, debateId, nodeId);
    if (!node.parentId) throw conflict("The proposal has no parent to hold a credence in; record conditionals on a claim below it");
    if (node.retractedAt) throw conflict("A retracted claim takes no conditionals");
    if ((await verdictsFor(tx, debateId, [nodeId])).has(nodeId)) {
      throw conflict("This claim is settled; confirm or revise the update you pre-committed to instead");
    }
    const estimate = await tx.cruxEstimate.create({ data: { nodeId, userId: actor.id, side, ...data }, select: estimateSelect });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "crux.estimated", nodeId, payload: { side, ...data } });
    return estimate;
  });
}

/**
 * After the claim is settled: confirm the pre-committed credence or give the one
 * actually held now. Needs an estimate of one's own on the claim.
 */
export async function recordCruxFollowUp(actor: Actor, debateId: string, nodeId: string, input: CruxFollowUpInput) {
  await requireAccess(debateId, actor, "crux:estimate");
  const revised = input.action === "REVISE" ? assertCredence("credence", input.credence) : null;
  return db().$transaction(async (tx) => {
    await lockClaim(tx, debateId, nodeId);
    const verdict = (await verdictsFor(tx, debateId, [nodeId])).get(nodeId);
    if (!verdict) throw conflict("This claim is not settled yet; there is nothing to confirm or revise");
    const mine = await tx.cruxEstimate.findFirst({
      where: { nodeId, userId: actor.id, createdAt: { lte: verdict.at } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: estimateSelect,
    });
    if (!mine) throw conflict("You recorded no conditionals on this claim before it was settled");
    const precommitted = verdict.claimTrue ? mine.ifTrue : mine.ifFalse;
    const credence = revised ?? precommitted;
    const followUp = await tx.cruxFollowUp.create({
      data: { nodeId, userId: actor.id, claimTrue: verdict.claimTrue, credence, confirmed: revised === null },
      select: followUpSelect,
    });
    await recordEvent(tx, {
      debateId,
      actorId: actor.id,
      type: revised === null ? "crux.confirmed" : "crux.revised",
      nodeId,
      payload: { claimTrue: verdict.claimTrue, precommitted, credence, before: mine.credence },
    });
    return followUp;
  });
}

/**
 * Inside a resolution's or concession's transaction: asks everyone who recorded
 * conditionals on the claim to confirm or revise (one event; its notifications).
 */
export async function requestCruxFollowUps(tx: Tx, input: { debateId: string; nodeId: string; actorId: string }): Promise<number> {
  // Most settled claims have no conditionals: one cheap read before the verdict's two.
  const estimators = await tx.cruxEstimate.findMany({ where: { nodeId: input.nodeId }, select: { userId: true }, distinct: ["userId"] });
  if (!estimators.length) return 0;
  const verdict = (await verdictsFor(tx, input.debateId, [input.nodeId])).get(input.nodeId);
  if (!verdict) return 0;
  const userIds = estimators.map((e) => e.userId);
  await recordEvent(tx, {
    debateId: input.debateId,
    actorId: input.actorId,
    type: "crux.follow-up-requested",
    nodeId: input.nodeId,
    payload: { claimTrue: verdict.claimTrue, via: verdict.via, userIds },
  });
  return userIds.length;
}

// ---------- reads ----------

export type NamedClaimLedger = Omit<ClaimLedger, "people"> & {
  people: (ClaimLedger["people"][number] & { username: string; displayName: string })[];
};

async function ledgersOf(debateId: string, nodeIds?: readonly string[]): Promise<NamedClaimLedger[]> {
  const nodeFilter = nodeIds ? { nodeId: { in: [...nodeIds] } } : {};
  const [estimates, followUps, predictions, verdicts] = await Promise.all([
    db().cruxEstimate.findMany({ where: { node: { debateId, retractedAt: null }, ...nodeFilter }, select: estimateSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db().cruxFollowUp.findMany({ where: { node: { debateId }, ...nodeFilter }, select: followUpSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db().prediction.findMany({ where: { node: { debateId }, ...nodeFilter }, select: { nodeId: true, userId: true, probability: true, createdAt: true } }),
    verdictsFor(db(), debateId, nodeIds),
  ]);
  const estimatesOf = byNode(estimates);
  const followUpsOf = byNode(followUps);
  const predictionsOf = byNode(predictions);
  const users = await usersById(estimates.map((e) => e.userId));
  return [...estimatesOf.entries()].map(([nodeId, rows]) => {
    const ledger = claimLedger({
      nodeId,
      estimates: rows,
      followUps: followUpsOf.get(nodeId) ?? [],
      verdict: verdicts.get(nodeId) ?? null,
      predictions: new Map(latestPerUser(predictionsOf.get(nodeId) ?? []).map((p) => [p.userId, p.probability])),
    });
    return {
      ...ledger,
      people: ledger.people.map((p) => ({ ...p, username: users.get(p.userId)?.username ?? "", displayName: users.get(p.userId)?.displayName ?? "(former member)" })),
    };
  });
}

/** Every claim with conditionals in the debate: double cruxes first, then by expected belief change. */
export async function debateCruxLedger(actor: Actor | null, debateId: string) {
  await requireAccess(debateId, actor, "debate:read");
  return { claims: await debateLedgerRows(debateId) };
}

/** The ledger rows without the access check (the caller has done it): export, state page. */
export async function debateLedgerRows(debateId: string): Promise<NamedClaimLedger[]> {
  const claims = await ledgersOf(debateId);
  return claims.sort((a, b) => Number(b.doubleCrux) - Number(a.doubleCrux) || b.expectedBeliefChange - a.expectedBeliefChange || (a.nodeId < b.nodeId ? -1 : 1));
}

/** One claim: its ledger, every estimate and follow-up (the history), and the viewer's own state. */
export async function claimCruxLedger(actor: Actor | null, debateId: string, nodeId: string) {
  await requireAccess(debateId, actor, "debate:read");
  const node = await db().node.findFirst({ where: { id: nodeId, debateId }, select: { id: true } });
  if (!node) throw notFound("No such node in this debate");
  const [ledger] = await ledgersOf(debateId, [nodeId]);
  const [estimates, followUps] = await Promise.all([
    db().cruxEstimate.findMany({ where: { nodeId }, select: estimateSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db().cruxFollowUp.findMany({ where: { nodeId }, select: followUpSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  const verdict = ledger?.verdict ?? (await verdictsFor(db(), debateId, [nodeId])).get(nodeId) ?? null;
  const users = await usersById([...estimates, ...followUps].map((r) => r.userId));
  const name = (userId: string) => users.get(userId)?.displayName ?? "(former member)";
  const mine = actor ? ledger?.people.find((p) => p.userId === actor.id) ?? null : null;
  return {
    ledger: ledger ?? { nodeId, people: [], doubleCrux: false, pairs: [], expectedBeliefChange: 0, verdict, outcome: verdict ? ("awaiting" as const) : ("unresolved" as const) },
    history: estimates.map((e) => ({ ...e, displayName: name(e.userId) })),
    followUps: followUps.map((f) => ({ ...f, displayName: name(f.userId) })),
    /** The viewer is asked to confirm or revise: settled, they estimated, and they have not answered. */
    followUpDue: Boolean(verdict && mine && mine.actualUpdate === null),
  };
}

async function usersById(ids: readonly string[]) {
  const users = await db().user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, username: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u]));
}
