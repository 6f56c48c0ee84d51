// Counterexample classes (create, rename, delete, classify, similar counterexamples) and weights
// (plausibility and severity estimates, the owner's broken rule, the weighted standing). The
// rules are lib/domain/debate/classes.ts and standing.ts; here they meet the database.
import "server-only";
import { db, type Tx } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { AppError, badRequest, conflict, notFound } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { loadAccess, permissionContext, requireAccess } from "@/lib/server/debate/access";
import { assertCan } from "@/lib/domain/debate/permissions";
import type { Side } from "@/lib/domain/vocabulary";
import {
  coverageByClass, similarityTerms, type CreateClassInput, type PlausibilityInput, type UpdateClassInput,
} from "@/lib/domain/debate/classes";
import { computeStandings, counterexampleWeights, describeStanding, type EstimateRow, type StandingRule } from "@/lib/domain/debate/standing";
import type { Scoreboard } from "@/lib/domain/debate/scoreboard";
import { similarCounterexampleRows } from "@/lib/server/queries/classes";

const classSelect = { id: true, name: true, description: true, createdById: true, createdAt: true, updatedAt: true } as const;

function fieldError(field: string, message: string) {
  return new AppError("VALIDATION", message, { details: { fieldErrors: { [field]: [message] } } });
}

/** A unique-constraint violation, as Prisma (P2002) or the driver (23505) reports it. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  return e?.code === "P2002" || e?.code === "23505";
}

const nameTaken = () => conflict("This debate already has a class with that name", { fieldErrors: { name: ["This debate already has a class with that name"] } });

/** Locks the node row for this transaction, so concurrent classifications and estimates queue. */
async function lockNode(tx: Tx, debateId: string, nodeId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Node" WHERE "id" = ${nodeId} AND "debateId" = ${debateId} FOR UPDATE`;
  if (locked.length === 0) throw notFound("No such node in this debate");
  return tx.node.findFirstOrThrow({ where: { id: nodeId, debateId }, select: { id: true, kind: true, authorId: true, retractedAt: true } });
}

// ---------- classes ----------

export async function listClasses(actor: Actor | null, debateId: string) {
  await requireAccess(debateId, actor, "debate:read");
  return { classes: await readClasses(debateId) };
}

async function readClasses(debateId: string) {
  const classes = await db().counterexampleClass.findMany({
    where: { debateId },
    select: { ...classSelect, members: { select: { nodeId: true }, orderBy: { createdAt: "asc" } }, answeredBy: { select: { patchId: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return classes.map(({ members, answeredBy, ...c }) => ({ ...c, memberIds: members.map((m) => m.nodeId), answeredByPatchIds: answeredBy.map((a) => a.patchId) }));
}

export async function createClass(actor: Actor, debateId: string, input: CreateClassInput) {
  await requireAccess(debateId, actor, "class:create");
  try {
    return await db().$transaction(async (tx) => {
      const created = await tx.counterexampleClass.create({
        data: { debateId, name: input.name, description: input.description, createdById: actor.id },
        select: classSelect,
      });
      await recordEvent(tx, { debateId, actorId: actor.id, type: "class.created", payload: { classId: created.id, name: created.name } });
      return { ...created, memberIds: [] as string[], answeredByPatchIds: [] as string[] };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateClass(actor: Actor, debateId: string, classId: string, input: UpdateClassInput) {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  const existing = await db().counterexampleClass.findFirst({ where: { id: classId, debateId }, select: { createdById: true, name: true } });
  if (!existing) throw notFound("No such class in this debate");
  assertCan("class:edit", permissionContext(access, { classCreatorId: existing.createdById }));
  try {
    return await db().$transaction(async (tx) => {
      const { count } = await tx.counterexampleClass.updateMany({
        where: { id: classId, debateId, ...(input.expectedUpdatedAt ? { updatedAt: new Date(input.expectedUpdatedAt) } : {}) },
        data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) },
      });
      if (count === 0) {
        const still = await tx.counterexampleClass.findFirst({ where: { id: classId, debateId }, select: { updatedAt: true } });
        if (!still) throw notFound("No such class in this debate");
        throw conflict("This class was changed since you opened it; reload to see its latest name", { currentUpdatedAt: still.updatedAt.toISOString() });
      }
      const updated = await tx.counterexampleClass.findUniqueOrThrow({
        where: { id: classId },
        select: { ...classSelect, members: { select: { nodeId: true } }, answeredBy: { select: { patchId: true } } },
      });
      await recordEvent(tx, { debateId, actorId: actor.id, type: "class.updated", payload: { classId, name: updated.name, fromName: existing.name } });
      const { members, answeredBy, ...rest } = updated;
      return { ...rest, memberIds: members.map((m) => m.nodeId), answeredByPatchIds: answeredBy.map((a) => a.patchId) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/**
 * Deletes a class: its members leave it and the patches' answers of it go (both cascade), so a
 * counterexample answered only through the class is live again when the scoreboard is next read.
 * The class row is locked first (FOR UPDATE): a classification into it (FOR KEY SHARE) or a patch
 * answering it either commits before (and its member or answer goes with the class) or waits and
 * then finds no class. Who may: its creator while no patch answers it, moderators, the owner.
 */
export async function deleteClass(actor: Actor, debateId: string, classId: string): Promise<void> {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  await db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ name: string; createdById: string }[]>`
      SELECT "name", "createdById" FROM "CounterexampleClass" WHERE "id" = ${classId} AND "debateId" = ${debateId} FOR UPDATE`;
    if (locked.length === 0) throw notFound("No such class in this debate");
    const { name, createdById } = locked[0]!;
    const members = await tx.classMembership.findMany({ where: { classId }, select: { nodeId: true }, orderBy: { createdAt: "asc" } });
    const answers = await tx.patchClassAnswer.findMany({ where: { classId }, select: { patchId: true }, orderBy: { patchId: "asc" } });
    assertCan("class:delete", permissionContext(access, { classCreatorId: createdById, classAnswered: answers.length > 0 }));
    await tx.counterexampleClass.delete({ where: { id: classId } });
    await recordEvent(tx, {
      debateId,
      actorId: actor.id,
      type: "class.deleted",
      payload: { classId, name, memberIds: members.map((m) => m.nodeId), answeredByPatchIds: answers.map((a) => a.patchId) },
    });
  });
}

/**
 * Puts a counterexample into a class, moves it to another, or takes it out (classId null). The node
 * row is locked first, so two people classifying the same counterexample at once queue: the later
 * one wins, and its event names the class the earlier one set as `fromClassId`.
 */
export async function classifyCounterexample(actor: Actor, debateId: string, nodeId: string, input: { classId: string | null }) {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  return db().$transaction(async (tx) => {
    const node = await lockNode(tx, debateId, nodeId);
    if (node.kind !== "COUNTEREXAMPLE") throw badRequest("Only counterexamples can be put into a class");
    assertCan("counterexample:classify", permissionContext(access, { target: { authorId: node.authorId, kind: node.kind } }));
    // FOR KEY SHARE: a class being deleted (FOR UPDATE) is waited for, then not found, so a
    // classification racing a deletion either lands before it (and leaves with it) or is refused.
    let targetName: string | null = null;
    if (input.classId !== null) {
      const target = await tx.$queryRaw<{ name: string }[]>`
        SELECT "name" FROM "CounterexampleClass" WHERE "id" = ${input.classId} AND "debateId" = ${debateId} FOR KEY SHARE`;
      if (target.length === 0) throw fieldError("classId", "No such class in this debate");
      targetName = target[0]!.name;
    }
    const existing = await tx.classMembership.findUnique({ where: { nodeId }, select: { classId: true, class: { select: { name: true } } } });
    const fromClassId = existing?.classId ?? null;
    if (fromClassId === input.classId) return { nodeId, classId: input.classId, changed: false };
    if (input.classId === null) await tx.classMembership.delete({ where: { nodeId } });
    else {
      await tx.classMembership.upsert({
        where: { nodeId },
        create: { nodeId, classId: input.classId, addedById: actor.id },
        update: { classId: input.classId, addedById: actor.id, createdAt: new Date() },
      });
    }
    await recordEvent(tx, {
      debateId, actorId: actor.id, type: "counterexample.classified", nodeId,
      payload: { classId: input.classId, fromClassId, className: targetName, fromClassName: existing?.class.name ?? null },
    });
    return { nodeId, classId: input.classId, changed: true };
  });
}

/** Counterexamples sharing words with a draft (full-text), for the Breaker's form. */
export async function similarCounterexamples(actor: Actor | null, debateId: string, q: string) {
  await requireAccess(debateId, actor, "debate:read");
  const rows = await similarCounterexampleRows(debateId, similarityTerms(q));
  return { counterexamples: rows.map(({ rank: _rank, ...r }) => r) };
}

// ---------- estimates ----------

const estimateSelect = { id: true, nodeId: true, userId: true, side: true, plausibility: true, severity: true, createdAt: true } as const;

export async function recordPlausibility(actor: Actor, debateId: string, nodeId: string, input: PlausibilityInput) {
  const access = await requireAccess(debateId, actor, "counterexample:estimate");
  // The owner without a membership row estimates as an observer, like predictions.
  const side: Side = access.membership?.side ?? "OBSERVER";
  return db().$transaction(async (tx) => {
    const node = await lockNode(tx, debateId, nodeId);
    if (node.kind !== "COUNTEREXAMPLE") throw badRequest("Only counterexamples take plausibility estimates");
    if (node.retractedAt) throw conflict("A retracted counterexample takes no estimates");
    const estimate = await tx.plausibilityEstimate.create({
      data: { nodeId, userId: actor.id, side, plausibility: input.plausibility, severity: input.severity },
      select: estimateSelect,
    });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "plausibility.estimated", nodeId, payload: { plausibility: input.plausibility, severity: input.severity, side } });
    return estimate;
  });
}

/** Every estimate of a counterexample (the history) and the weight of the latest per person. */
export async function plausibilityTimeline(actor: Actor | null, debateId: string, nodeId: string) {
  await requireAccess(debateId, actor, "debate:read");
  const node = await db().node.findFirst({ where: { id: nodeId, debateId }, select: { kind: true } });
  if (!node) throw notFound("No such node in this debate");
  if (node.kind !== "COUNTEREXAMPLE") throw badRequest("Only counterexamples take plausibility estimates");
  const estimates = await db().plausibilityEstimate.findMany({
    where: { nodeId },
    select: estimateSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const users = await db().user.findMany({ where: { id: { in: [...new Set(estimates.map((e) => e.userId))] } }, select: { id: true, displayName: true } });
  const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
  const weight = counterexampleWeights(estimates).get(nodeId) ?? null;
  return { estimates: estimates.map((e) => ({ ...e, displayName: nameOf.get(e.userId) ?? "(former member)" })), weight };
}

// ---------- the rule ----------

export async function setStandingRule(actor: Actor, debateId: string, input: { rule: StandingRule["rule"]; threshold?: number }) {
  await requireAccess(debateId, actor, "debate:set-standing-rule");
  return db().$transaction(async (tx) => {
    const before = await tx.debate.findUniqueOrThrow({ where: { id: debateId }, select: { brokenRule: true, brokenThreshold: true } });
    const to = { rule: input.rule, threshold: input.threshold ?? before.brokenThreshold };
    const from = { rule: before.brokenRule, threshold: before.brokenThreshold };
    if (from.rule === to.rule && from.threshold === to.threshold) return { ...to, changed: false };
    await tx.debate.update({ where: { id: debateId }, data: { brokenRule: to.rule, brokenThreshold: to.threshold } });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "debate.standing-rule-changed", payload: { from, to } });
    return { ...to, changed: true };
  });
}

// ---------- read by the overview ----------

/** What the scoreboard needs from classes: membership and the classes each patch answers. */
export async function readClassInputs(debateId: string) {
  const [classes, estimates, debate] = await Promise.all([
    readClasses(debateId),
    db().plausibilityEstimate.findMany({ where: { node: { debateId } }, select: estimateSelect }),
    db().debate.findUniqueOrThrow({ where: { id: debateId }, select: { brokenRule: true, brokenThreshold: true } }),
  ]);
  const classOf = new Map<string, string>();
  for (const c of classes) for (const m of c.memberIds) classOf.set(m, c.id);
  const classAnswers = classes.flatMap((c) => c.answeredByPatchIds.map((patchId) => ({ patchId, classId: c.id })));
  const rule: StandingRule = { rule: debate.brokenRule, threshold: debate.brokenThreshold };
  return { classes, classOf, classAnswers, estimates, rule };
}

/** The overview's weighing: the rule, the classes, each version's weighted standing, coverage by class. */
export function weighing(inputs: Awaited<ReturnType<typeof readClassInputs>>, scoreboard: Scoreboard) {
  const { classes, classOf, estimates, rule } = inputs;
  const standings = computeStandings({ scoreboard, estimates: estimates as EstimateRow[], classOf, rule }).map((s) => ({ ...s, text: describeStanding(s) }));
  return {
    rule,
    classes,
    standings,
    current: standings.at(-1) ?? null,
    weights: [...counterexampleWeights(estimates).values()],
    coverageByClass: coverageByClass(scoreboard, classes.map((c) => c.id), classOf),
  };
}
