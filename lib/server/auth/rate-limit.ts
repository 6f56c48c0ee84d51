import "server-only";
import { atMostEvery } from "@/lib/server/periodic";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/domain/errors";
import { deleteExpiredBuckets, hitBucket, type Bucket, type BucketState } from "@/lib/server/queries/rate-limits";

export type { BucketState };

// Fixed-window counters kept in the database so every app process shares them.
// The model, rule by rule, is in docs/security.md ("Rate limits").
export interface RateRule {
  name: string;
  limit: number;
  windowSeconds: number;
}

/**
 * The client address of requests whose socket address the server could not see (one that
 * arrived while the server was still starting; see clientIp). It is everyone's, so per-address
 * limits that would refuse others (moves, imports) skip it.
 */
export const UNKNOWN_CLIENT = "unknown";

export const rateRules = {
  // Sign-in. The hard limits are per client address, so an attacker only ever locks out
  // themselves: per address and account (cleared by a successful sign-in from that address),
  // and per address across accounts.
  signInPerAccountAddress: { name: "signin-account-ip", limit: 10, windowSeconds: 15 * 60 },
  signInPerIp: { name: "signin-ip", limit: 300, windowSeconds: 15 * 60 },
  // Per account across addresses (distributed guessing): over the limit, attempts are slowed
  // (signInSlowdownMs), never refused, so the owner can still sign in.
  signInPerAccount: { name: "signin-account", limit: 20, windowSeconds: 60 * 60 },
  signUpPerIp: { name: "signup-ip", limit: 100, windowSeconds: 60 * 60 },
  // Every mutating API request of a signed-in user (apiRoute), besides the specific limits below.
  writesPerUser: { name: "writes-user", limit: 120, windowSeconds: 60 },
  // A stolen session must not become a way to guess the current password.
  passwordChangePerUser: { name: "password-change-user", limit: 10, windowSeconds: 15 * 60 },
  // "Forgot password" (only with SMTP): per client address (answered 429), and per account
  // (silently not mailed, so the answer never tells whether the account exists).
  forgotPasswordPerIp: { name: "forgot-ip", limit: 30, windowSeconds: 60 * 60 },
  forgotPasswordPerAccount: { name: "forgot-account", limit: 3, windowSeconds: 60 * 60 },
  // Setting a password from a reset link checks its strength (zxcvbn) and hashes it (scrypt): per address.
  resetPasswordPerIp: { name: "reset-ip", limit: 30, windowSeconds: 60 * 60 },
  movesPerUser: { name: "moves-user", limit: 60, windowSeconds: 60 },
  writesPerIp: { name: "writes-ip", limit: 600, windowSeconds: 60 },
  // An edit stores a new revision (up to 20,000 characters) every time.
  editsPerUser: { name: "edits-user", limit: 30, windowSeconds: 60 },
  tokensPerUser: { name: "tokens-user", limit: 20, windowSeconds: 60 * 60 },
  // An import parses up to 20 MB and writes up to 100,000 nodes in one transaction: a few per hour.
  importsPerUser: { name: "imports-user", limit: 20, windowSeconds: 60 * 60 },
  importsPerIp: { name: "imports-ip", limit: 60, windowSeconds: 60 * 60 },
} satisfies Record<string, RateRule>;

/** How long a sign-in waits once its account is over signInPerAccount: 250 ms per attempt over, at most 5 s. */
export const SIGN_IN_SLOWDOWN = { stepMs: 250, maxMs: 5_000 };

export function signInSlowdownMs(count: number): number {
  const over = count - scaledLimit(rateRules.signInPerAccount);
  return over <= 0 ? 0 : Math.min(SIGN_IN_SLOWDOWN.maxMs, over * SIGN_IN_SLOWDOWN.stepMs);
}

/** The bucket a rule keeps for one subject (a user id, an address, …). */
export function bucketOf(rule: RateRule, subject: string): Bucket {
  return { key: `${rule.name}:${subject}`, windowSeconds: rule.windowSeconds };
}

/** Counts one hit; returns how many hits the window has seen, and when it resets. */
export async function hit(rule: RateRule, subject: string): Promise<BucketState & { limited: boolean }> {
  const state = await hitBucket(bucketOf(rule, subject));
  await sweepWhenDue();
  return { ...state, limited: isLimited(rule, state) };
}

function scaledLimit(rule: RateRule): number {
  return Math.ceil(rule.limit * env().RATE_LIMIT_MULTIPLIER);
}

function isLimited(rule: RateRule, state: BucketState): boolean {
  return state.count > scaledLimit(rule);
}

/** Throws 429 (with the seconds until the window resets) when the bucket is over its limit. */
export function assertWithinLimit(rule: RateRule, state: BucketState): void {
  if (!isLimited(rule, state)) return;
  const seconds = Math.max(1, Math.ceil((state.resetAtMs - Date.now()) / 1000));
  throw new AppError("RATE_LIMITED", `Too many attempts. Try again in ${seconds} seconds.`, {
    details: { retryAfterSeconds: seconds },
  });
}

export async function enforce(rule: RateRule, subject: string): Promise<void> {
  assertWithinLimit(rule, await hit(rule, subject));
}

export async function clear(rule: RateRule, subject: string): Promise<void> {
  await db().rateLimitBucket.deleteMany({ where: { key: bucketOf(rule, subject).key } });
}

// Expired buckets are deleted by the process that counts hits: at most one bounded sweep a
// minute per process, after a hit (so a hit never races its own sweep), awaited (a few ms).
export const SWEEP = { intervalMs: 60_000, batch: 1_000 };
const sweepWhenDue = atMostEvery(SWEEP.intervalMs, "rate-limit", () => sweepExpiredBuckets());

/** Deletes up to `batch` buckets whose window has ended; returns how many. */
export function sweepExpiredBuckets(batch = SWEEP.batch): Promise<number> {
  return deleteExpiredBuckets(batch);
}
