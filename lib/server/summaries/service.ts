// Debate summaries: written by participants, endorsed by Builders and Breakers; an
// edit clears the endorsements. The pin rule is lib/domain/debate/summaries.ts.

import "server-only";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { badRequest, conflict, notFound } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { permissionContext, requireAccess, loadAccess } from "@/lib/server/debate/access";
import { assertCan } from "@/lib/domain/debate/permissions";
import { isEndorsed, pinnedSummary } from "@/lib/domain/debate/summaries";
import type { CreateSummaryInput, EditSummaryInput } from "@/lib/domain/cruxes/validation";

const summarySelect = {
  id: true,
  debateId: true,
  versionNumber: true,
  authorId: true,
  body: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
  endorsements: { select: { userId: true, side: true, createdAt: true }, orderBy: { createdAt: "asc" } },
} as const;

/** Every summary of the debate with its author and endorsers' names, newest first, and the pinned one's id. */
export async function listSummaries(actor: Actor | null, debateId: string) {
  await requireAccess(debateId, actor, "debate:read");
  return summariesOf(debateId);
}

/** The summaries without the access check (the caller has done it): state page, exports. */
export async function summariesOf(debateId: string, version: number | null = null) {
  const rows = await db().debateSummary.findMany({ where: { debateId }, select: summarySelect, orderBy: [{ updatedAt: "desc" }, { id: "asc" }] });
  const ids = new Set(rows.flatMap((r) => [r.authorId, ...r.endorsements.map((e) => e.userId)]));
  const users = new Map((await db().user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]));
  const name = (id: string) => users.get(id) ?? "(former member)";
  const summaries = rows.map((r) => ({
    ...r,
    authorName: name(r.authorId),
    endorsed: isEndorsed(r),
    endorsements: r.endorsements.map((e) => ({ ...e, displayName: name(e.userId) })),
  }));
  return { summaries, pinnedId: pinnedSummary(summaries, version)?.id ?? null };
}

async function oneSummary(debateId: string, summaryId: string) {
  const { summaries } = await summariesOf(debateId);
  const summary = summaries.find((s) => s.id === summaryId);
  if (!summary) throw notFound("No such summary in this debate");
  return summary;
}

async function assertVersionExists(debateId: string, versionNumber: number | null | undefined) {
  if (versionNumber === null || versionNumber === undefined) return;
  const version = await db().proposalVersion.findUnique({ where: { debateId_number: { debateId, number: versionNumber } }, select: { id: true } });
  if (!version) throw badRequest(`This debate has no proposal version ${versionNumber}`, { field: "versionNumber" });
}

export async function createSummary(actor: Actor, debateId: string, input: CreateSummaryInput) {
  await requireAccess(debateId, actor, "summary:write");
  await assertVersionExists(debateId, input.versionNumber);
  const id = await db().$transaction(async (tx) => {
    const created = await tx.debateSummary.create({
      data: { debateId, authorId: actor.id, body: input.body, versionNumber: input.versionNumber ?? null },
      select: { id: true },
    });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "summary.created", payload: { summaryId: created.id, versionNumber: input.versionNumber ?? null } });
    return created.id;
  });
  return oneSummary(debateId, id);
}

/** The author edits; the revision must match (409 otherwise); every endorsement is cleared. */
export async function editSummary(actor: Actor, debateId: string, summaryId: string, input: EditSummaryInput) {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  const existing = await db().debateSummary.findFirst({ where: { id: summaryId, debateId }, select: { authorId: true, revision: true } });
  if (!existing) throw notFound("No such summary in this debate");
  assertCan("summary:edit", permissionContext(access, { target: { authorId: existing.authorId, kind: "COMMENT" } }));
  await db().$transaction(async (tx) => {
    const { count } = await tx.debateSummary.updateMany({
      where: { id: summaryId, debateId, revision: input.revision },
      data: { body: input.body, revision: { increment: 1 } },
    });
    if (count === 0) throw conflict("The summary was changed since you opened it; reload to see the latest text", { currentRevision: existing.revision });
    const cleared = await tx.summaryEndorsement.deleteMany({ where: { summaryId } });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "summary.edited", payload: { summaryId, revision: input.revision + 1, endorsementsCleared: cleared.count } });
  });
  return oneSummary(debateId, summaryId);
}

/** A Builder or Breaker endorses the summary's current text (again: no change). */
export async function endorseSummary(actor: Actor, debateId: string, summaryId: string) {
  const access = await requireAccess(debateId, actor, "summary:endorse");
  const side = access.membership!.side;
  await db().$transaction(async (tx) => {
    const summary = await tx.debateSummary.findFirst({ where: { id: summaryId, debateId }, select: { id: true } });
    if (!summary) throw notFound("No such summary in this debate");
    const existing = await tx.summaryEndorsement.findUnique({ where: { summaryId_userId: { summaryId, userId: actor.id } }, select: { side: true } });
    if (existing) return;
    await tx.summaryEndorsement.create({ data: { summaryId, userId: actor.id, side } });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "summary.endorsed", payload: { summaryId, side } });
  });
  return oneSummary(debateId, summaryId);
}

export async function withdrawEndorsement(actor: Actor, debateId: string, summaryId: string) {
  await requireAccess(debateId, actor, "debate:read");
  await db().$transaction(async (tx) => {
    const summary = await tx.debateSummary.findFirst({ where: { id: summaryId, debateId }, select: { id: true } });
    if (!summary) throw notFound("No such summary in this debate");
    const { count } = await tx.summaryEndorsement.deleteMany({ where: { summaryId, userId: actor.id } });
    if (count) await recordEvent(tx, { debateId, actorId: actor.id, type: "summary.unendorsed", payload: { summaryId } });
  });
  return oneSummary(debateId, summaryId);
}
