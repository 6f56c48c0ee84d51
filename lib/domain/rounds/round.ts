// Judged rounds (docs/decisions/013-judged-rounds.md), as pure rules. A round is
// open until its deadline, closed (entries locked, judges at work) until the owner
// finalises it, then judged. Its entries are the patches and counterexamples posted
// while it was open. The clock is always a parameter, never read here.
import { z } from "zod";
import { AppError, conflict, forbidden } from "@/lib/domain/errors";
import { ROUND_VERDICTS, type NodeKind, type RoundVerdict } from "@/lib/domain/vocabulary";

export type RoundStatus = "open" | "closed" | "judged";

export interface RoundTimes {
  number: number;
  openedAt: Date;
  deadline: Date;
  finalisedAt: Date | null;
}

export const ROUND_LIMITS = {
  titleMax: 200,
  rubricMax: 10_000,
  reasonMax: 5_000,
  judgesMax: 20,
  /** A deadline at least a minute and at most a year away. */
  minDurationMs: 60_000,
  maxDurationMs: 366 * 24 * 60 * 60 * 1000,
} as const;

/** The kinds a round takes as entries; only patches get verdicts. */
export const ENTRY_KINDS: readonly NodeKind[] = ["PATCH", "COUNTEREXAMPLE"];

export function roundStatus(round: RoundTimes, now: Date): RoundStatus {
  if (round.finalisedAt !== null) return "judged";
  return now.getTime() < round.deadline.getTime() ? "open" : "closed";
}

/** Whether a node is an entry of the round: an entry kind posted while it was open. */
export function isEntry(round: RoundTimes, node: { kind: string; createdAt: Date }): boolean {
  const t = node.createdAt.getTime();
  return (ENTRY_KINDS as readonly string[]).includes(node.kind) && t >= round.openedAt.getTime() && t < round.deadline.getTime();
}

/** The round whose deadline locked this node's text, if any (an entry of a round past its deadline). */
export function lockingRound<R extends RoundTimes>(rounds: readonly R[], node: { kind: string; createdAt: Date }, now: Date): R | null {
  return rounds.find((r) => isEntry(r, node) && roundStatus(r, now) !== "open") ?? null;
}

/** Refuses an edit of a locked entry with a message that says why and since when. */
export function assertEditable(rounds: readonly RoundTimes[], node: { kind: string; createdAt: Date }, now: Date): void {
  const round = lockingRound(rounds, node, now);
  if (!round) return;
  throw new AppError(
    "CONFLICT",
    `This ${node.kind === "PATCH" ? "patch" : "counterexample"} was entered in round ${round.number}, whose deadline (${round.deadline.toISOString()}) has passed: its text is locked. Post a new move instead.`,
    { details: { round: round.number, lockedAt: round.deadline.toISOString() } },
  );
}

/** A judge may record a verdict on a patch entered in a closed, not yet finalised round, unless they wrote it. */
export function assertCanJudge(
  round: RoundTimes & { judgeIds: readonly string[] },
  judgeId: string,
  entry: { kind: string; createdAt: Date; authorId: string },
  now: Date,
): void {
  if (!round.judgeIds.includes(judgeId)) throw forbidden(`Only the judges of round ${round.number} may record verdicts`);
  const status = roundStatus(round, now);
  if (status === "open") throw conflict(`Round ${round.number} is still open until ${round.deadline.toISOString()}: verdicts come after the deadline, when entries are locked`);
  if (status === "judged") throw conflict(`Round ${round.number} is finalised: its verdicts can no longer change`);
  if (entry.kind !== "PATCH") throw conflict("Verdicts are given on patches; counterexamples are what patches are judged against");
  if (!isEntry(round, entry)) throw conflict(`This patch was not entered in round ${round.number}`);
  if (entry.authorId === judgeId) throw forbidden("You wrote this patch: a judge may not judge their own entry");
}

/** The owner finalises a round once its deadline has passed. */
export function assertCanFinalise(round: RoundTimes, now: Date): void {
  const status = roundStatus(round, now);
  if (status === "open") throw conflict(`Round ${round.number} is still open: finalise it after its deadline`);
  if (status === "judged") throw conflict(`Round ${round.number} is already finalised`);
}

export const openRoundSchema = z.strictObject({
  title: z.string().trim().min(1, "Give the round a title").max(ROUND_LIMITS.titleMax),
  rubric: z.string().trim().min(1, "Write the rubric the judges will apply").max(ROUND_LIMITS.rubricMax),
  deadline: z.iso.datetime({ offset: true, message: "The deadline must be a date and time such as 2027-01-31T18:00:00Z" }),
  judgeIds: z.array(z.string().min(1).max(100)).min(1, "Name at least one judge").max(ROUND_LIMITS.judgesMax),
});
export type OpenRoundInput = z.infer<typeof openRoundSchema>;

export const verdictSchema = z.strictObject({
  verdict: z.enum(ROUND_VERDICTS),
  reason: z.string().trim().min(1, "Say why: judges give a reason with every verdict").max(ROUND_LIMITS.reasonMax),
});
export type VerdictInput = z.infer<typeof verdictSchema>;

/** Checks a new round's deadline against the clock; returns it as a Date. */
export function checkDeadline(deadline: string, now: Date): Date {
  const at = new Date(deadline);
  const ahead = at.getTime() - now.getTime();
  if (ahead < ROUND_LIMITS.minDurationMs) throw new AppError("VALIDATION", "The deadline must be at least a minute from now", { details: { field: "deadline" } });
  if (ahead > ROUND_LIMITS.maxDurationMs) throw new AppError("VALIDATION", "The deadline must be within a year", { details: { field: "deadline" } });
  return at;
}

export interface VerdictTally {
  HOLDS: number;
  PARTIAL: number;
  BROKEN: number;
}

/** How the judges split on one patch. */
export function tally(verdicts: readonly { verdict: RoundVerdict }[]): VerdictTally {
  const counts: VerdictTally = { HOLDS: 0, PARTIAL: 0, BROKEN: 0 };
  for (const v of verdicts) counts[v.verdict] += 1;
  return counts;
}
