// Judged rounds: opening, locking, verdicts, finalising, results. The rules are
// lib/domain/rounds/round.ts; here they meet permissions, the database and the event log.
// `now` is a parameter so tests move the clock instead of waiting for it.

import "server-only";
import { db, type Tx } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { AppError, conflict, notFound } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { requireAccess } from "@/lib/server/debate/access";
import { lockDebateRow } from "@/lib/server/queries/locks";
import {
  assertCanFinalise,
  assertCanJudge,
  assertEditable,
  checkDeadline,
  ENTRY_KINDS,
  roundStatus,
  tally,
  type OpenRoundInput,
  type RoundStatus,
  type RoundTimes,
  type VerdictInput,
  type VerdictTally,
} from "@/lib/domain/rounds/round";
import type { NodeKind, RoundVerdict, Side } from "@/lib/domain/vocabulary";

const roundSelect = {
  id: true,
  number: true,
  title: true,
  rubric: true,
  openedById: true,
  openedAt: true,
  deadline: true,
  finalisedAt: true,
  judges: { select: { userId: true } },
} as const;

export interface RoundSummary {
  number: number;
  title: string;
  rubric: string;
  status: RoundStatus;
  openedAt: Date;
  deadline: Date;
  finalisedAt: Date | null;
  judges: { id: string; displayName: string }[];
}

async function judgeNames(ids: readonly string[]): Promise<Map<string, string>> {
  const users = await db().user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

function summary(round: RoundTimes & { title: string; rubric: string; judges: { userId: string }[] }, names: Map<string, string>, now: Date): RoundSummary {
  return {
    number: round.number,
    title: round.title,
    rubric: round.rubric,
    status: roundStatus(round, now),
    openedAt: round.openedAt,
    deadline: round.deadline,
    finalisedAt: round.finalisedAt,
    judges: round.judges.map((j) => ({ id: j.userId, displayName: names.get(j.userId) ?? "deleted user" })),
  };
}

/** The owner opens a round: a title, a rubric, a deadline and judges who are members. */
export async function openRound(actor: Actor, debateId: string, input: OpenRoundInput, now = new Date()): Promise<RoundSummary> {
  await requireAccess(debateId, actor, "round:open");
  const deadline = checkDeadline(input.deadline, now);
  const judgeIds = [...new Set(input.judgeIds)];
  const created = await db().$transaction(async (tx) => {
    // Serialises openings on this debate, so numbers are consecutive and one open round at a time holds.
    if (!(await lockDebateRow(tx, debateId))) throw notFound("No such debate");
    const members = await tx.membership.findMany({ where: { debateId, userId: { in: judgeIds } }, select: { userId: true } });
    const owner = await tx.debate.findUniqueOrThrow({ where: { id: debateId }, select: { ownerId: true } });
    const memberIds = new Set([...members.map((m) => m.userId), owner.ownerId]);
    const outsiders = judgeIds.filter((id) => !memberIds.has(id));
    if (outsiders.length > 0) {
      throw new AppError("VALIDATION", "Judges must be members of the debate", { details: { field: "judgeIds", notMembers: outsiders } });
    }
    const rounds = await tx.judgedRound.findMany({ where: { debateId }, select: roundSelect, orderBy: { number: "desc" } });
    const running = rounds.find((r) => roundStatus(r, now) === "open");
    if (running) throw conflict(`Round ${running.number} is still open until ${running.deadline.toISOString()}; open the next one after it closes`);
    const round = await tx.judgedRound.create({
      data: {
        debateId,
        number: (rounds[0]?.number ?? 0) + 1,
        title: input.title,
        rubric: input.rubric,
        openedById: actor.id,
        openedAt: now,
        deadline,
        judges: { create: judgeIds.map((userId) => ({ userId })) },
      },
      select: roundSelect,
    });
    await recordEvent(tx, {
      debateId,
      actorId: actor.id,
      type: "round.opened",
      payload: { round: round.number, title: round.title, deadline: deadline.toISOString(), judgeIds },
    });
    return round;
  });
  return summary(created, await judgeNames(judgeIds), now);
}

export async function listRounds(actor: Actor | null, debateId: string, now = new Date()): Promise<RoundSummary[]> {
  await requireAccess(debateId, actor, "debate:read");
  const rounds = await db().judgedRound.findMany({ where: { debateId }, select: roundSelect, orderBy: { number: "asc" } });
  const names = await judgeNames(rounds.flatMap((r) => r.judges.map((j) => j.userId)));
  return rounds.map((r) => summary(r, names, now));
}

async function findRound(client: Tx | ReturnType<typeof db>, debateId: string, number: number) {
  const round = await client.judgedRound.findUnique({ where: { debateId_number: { debateId, number } }, select: roundSelect });
  if (!round) throw notFound(`No round ${number} in this debate`);
  return { ...round, judgeIds: round.judges.map((j) => j.userId) };
}

export interface RoundEntry {
  nodeId: string;
  kind: NodeKind;
  side: Side;
  title: string;
  body: string;
  authorId: string;
  authorName: string;
  createdAt: Date;
  /** The revision the deadline locked (the current one while the round is open). */
  revision: number;
  retracted: boolean;
  verdicts: { judgeId: string; judgeName: string; verdict: RoundVerdict; reason: string; updatedAt: Date }[];
  tally: VerdictTally;
}

export interface RoundResults {
  debate: { id: string; title: string };
  round: RoundSummary;
  entries: RoundEntry[];
}

/** A round with its entries (patches and counterexamples posted while it was open) and the judges' verdicts. */
export async function roundResults(actor: Actor | null, debateId: string, number: number, now = new Date()): Promise<RoundResults> {
  const access = await requireAccess(debateId, actor, "debate:read");
  const round = await findRound(db(), debateId, number);
  const [nodes, verdicts] = await Promise.all([
    db().node.findMany({
      where: { debateId, kind: { in: [...ENTRY_KINDS] }, createdAt: { gte: round.openedAt, lt: round.deadline } },
      select: { id: true, kind: true, side: true, title: true, body: true, authorId: true, createdAt: true, revision: true, retractedAt: true, author: { select: { displayName: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db().roundVerdict.findMany({ where: { roundId: round.id }, select: { nodeId: true, judgeId: true, verdict: true, reason: true, updatedAt: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const names = await judgeNames(round.judgeIds);
  const byNode = new Map<string, RoundEntry["verdicts"]>();
  for (const v of verdicts) {
    const list = byNode.get(v.nodeId) ?? [];
    list.push({ ...v, judgeName: names.get(v.judgeId) ?? "deleted user" });
    byNode.set(v.nodeId, list);
  }
  return {
    debate: { id: access.debate.id, title: access.debate.title },
    round: summary(round, names, now),
    entries: nodes.map((n) => {
      const entryVerdicts = byNode.get(n.id) ?? [];
      return {
        nodeId: n.id,
        kind: n.kind,
        side: n.side,
        title: n.title,
        body: n.body,
        authorId: n.authorId,
        authorName: n.author.displayName,
        createdAt: n.createdAt,
        revision: n.revision,
        retracted: n.retractedAt !== null,
        verdicts: entryVerdicts,
        tally: tally(entryVerdicts),
      };
    }),
  };
}

/** A judge records (or revises, until the round is finalised) their verdict on a patch entered in the round. */
export async function recordVerdict(actor: Actor, debateId: string, number: number, nodeId: string, input: VerdictInput, now = new Date()) {
  await requireAccess(debateId, actor, "round:verdict");
  return db().$transaction(async (tx) => {
    const round = await findRound(tx, debateId, number);
    const entry = await tx.node.findFirst({ where: { id: nodeId, debateId }, select: { kind: true, createdAt: true, authorId: true } });
    if (!entry) throw notFound("No such node in this debate");
    assertCanJudge(round, actor.id, entry, now);
    const verdict = await tx.roundVerdict.upsert({
      where: { roundId_nodeId_judgeId: { roundId: round.id, nodeId, judgeId: actor.id } },
      create: { roundId: round.id, nodeId, judgeId: actor.id, verdict: input.verdict, reason: input.reason },
      update: { verdict: input.verdict, reason: input.reason },
      select: { nodeId: true, judgeId: true, verdict: true, reason: true, updatedAt: true },
    });
    await recordEvent(tx, { debateId, actorId: actor.id, type: "round.verdict", nodeId, payload: { round: number, verdict: input.verdict } });
    return verdict;
  });
}

/** The owner closes judging: verdicts are final from then on. */
export async function finaliseRound(actor: Actor, debateId: string, number: number, now = new Date()): Promise<void> {
  await requireAccess(debateId, actor, "round:finalise");
  await db().$transaction(async (tx) => {
    const round = await findRound(tx, debateId, number);
    assertCanFinalise(round, now);
    const { count } = await tx.judgedRound.updateMany({ where: { id: round.id, finalisedAt: null }, data: { finalisedAt: now } });
    if (count === 0) throw conflict(`Round ${number} is already finalised`);
    await recordEvent(tx, { debateId, actorId: actor.id, type: "round.finalised", payload: { round: number } });
  });
}

/** Refuses an edit of a node whose round deadline has passed (called inside the edit's transaction). */
export async function assertNotLockedByRound(tx: Tx, debateId: string, node: { kind: string; createdAt: Date }, now = new Date()): Promise<void> {
  if (!(ENTRY_KINDS as readonly string[]).includes(node.kind)) return;
  const rounds = await tx.judgedRound.findMany({
    where: { debateId, openedAt: { lte: node.createdAt }, deadline: { gt: node.createdAt } },
    select: { number: true, openedAt: true, deadline: true, finalisedAt: true },
  });
  assertEditable(rounds, node, now);
}
