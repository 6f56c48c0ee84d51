import "server-only";
import { atMostEvery } from "@/lib/server/periodic";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/domain/errors";
import { Prisma } from "@/lib/generated/prisma/client";

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
  // An import parses up to 20 MB and writes up to 100,000 nodes (in bounded batches): a few per hour.
  importsPerUser: { name: "imports-user", limit: 20, windowSeconds: 60 * 60 },
  importsPerIp: { name: "imports-ip", limit: 60, windowSeconds: 60 * 60 },
} satisfies Record<string, RateRule>;

/** How long a sign-in waits once its account is over signInPerAccount: 250 ms per attempt over, at most 5 s. */
export const SIGN_IN_SLOWDOWN = { stepMs: 250, maxMs: 5_000 };

export function signInSlowdownMs(count: number): number {
  const over = count - scaledLimit(rateRules.signInPerAccount);
  return over <= 0 ? 0 : Math.min(SIGN_IN_SLOWDOWN.maxMs, over * SIGN_IN_SLOWDOWN.stepMs);
}

/**
 * The statement that counts one hit on a bucket and returns `"count", "resetAtMs"`
 * (also used as a CTE by statements that check a limit in the same round trip).
 * The reset time is returned as epoch milliseconds: the column is a timestamp
 * without time zone written from now(), and the database converts it back.
 */
export function bucketHitSql(rule: RateRule, subject: string): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "RateLimitBucket" ("key", "count", "resetAt")
    VALUES (${`${rule.name}:${subject}`}, 1, now() + make_interval(secs => ${rule.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."resetAt" <= now() THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= now()
                       THEN now() + make_interval(secs => ${rule.windowSeconds})
                       ELSE "RateLimitBucket"."resetAt" END
    RETURNING "count", (extract(epoch FROM "resetAt"::timestamptz) * 1000)::float8 AS "resetAtMs"`;
}

export interface BucketState {
  count: number;
  resetAtMs: number;
}

/** Counts one hit; returns how many hits the window has seen, and when it resets. */
export async function hit(rule: RateRule, subject: string): Promise<BucketState & { limited: boolean }> {
  const row = (await db().$queryRaw<BucketState[]>(bucketHitSql(rule, subject)))[0]!;
  const state = { count: Number(row.count), resetAtMs: Number(row.resetAtMs) };
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
  await db().rateLimitBucket.deleteMany({ where: { key: `${rule.name}:${subject}` } });
}

// Expired buckets are deleted by the process that counts hits: at most one bounded sweep a
// minute per process, after a hit (so a hit never races its own sweep), awaited (a few ms).
export const SWEEP = { intervalMs: 60_000, batch: 1_000 };
const sweepWhenDue = atMostEvery(SWEEP.intervalMs, "rate-limit", () => sweepExpiredBuckets());

/**
 * Deletes up to `batch` buckets whose window has ended; returns how many. The outer
 * `resetAt` test is checked again on a row that a concurrent hit just renewed, which is kept.
 */
export async function sweepExpiredBuckets(batch = SWEEP.batch): Promise<number> {
  return db().$executeRaw`
    DELETE FROM "RateLimitBucket"
    WHERE "resetAt" <= now()
      AND "key" IN (SELECT "key" FROM "RateLimitBucket" WHERE "resetAt" <= now() LIMIT ${batch})`;
}
