import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Fixed-window counters kept in the database so every app process shares them.
export interface RateRule {
  name: string;
  limit: number;
  windowSeconds: number;
}

export const rateRules = {
  signInPerAccount: { name: "signin-account", limit: 10, windowSeconds: 15 * 60 },
  // Per-IP buckets are shared by everyone when no trusted proxy names the client (see clientIp).
  signInPerIp: { name: "signin-ip", limit: 300, windowSeconds: 15 * 60 },
  signUpPerIp: { name: "signup-ip", limit: 100, windowSeconds: 60 * 60 },
  movesPerUser: { name: "moves-user", limit: 60, windowSeconds: 60 },
  writesPerIp: { name: "writes-ip", limit: 600, windowSeconds: 60 },
  // An import parses up to 20 MB and writes up to 100,000 nodes in one transaction: a few per hour.
  importsPerUser: { name: "imports-user", limit: 20, windowSeconds: 60 * 60 },
  importsPerIp: { name: "imports-ip", limit: 60, windowSeconds: 60 * 60 },
} satisfies Record<string, RateRule>;

/** Counts one hit; returns how many hits the window has seen, and when it resets. */
export async function hit(rule: RateRule, subject: string): Promise<{ count: number; resetAt: Date; limited: boolean }> {
  const key = `${rule.name}:${subject}`;
  const rows = await db().$queryRaw<{ count: number; resetAt: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "count", "resetAt")
    VALUES (${key}, 1, now() + make_interval(secs => ${rule.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."resetAt" <= now() THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= now()
                       THEN now() + make_interval(secs => ${rule.windowSeconds})
                       ELSE "RateLimitBucket"."resetAt" END
    RETURNING "count", "resetAt"`;
  const row = rows[0]!;
  const limit = Math.ceil(rule.limit * env().RATE_LIMIT_MULTIPLIER);
  return { count: row.count, resetAt: row.resetAt, limited: row.count > limit };
}

export async function enforce(rule: RateRule, subject: string): Promise<void> {
  const result = await hit(rule, subject);
  if (result.limited) {
    const seconds = Math.max(1, Math.ceil((result.resetAt.getTime() - Date.now()) / 1000));
    throw new AppError("RATE_LIMITED", `Too many attempts. Try again in ${seconds} seconds.`, {
      details: { retryAfterSeconds: seconds },
    });
  }
}

export async function clear(rule: RateRule, subject: string): Promise<void> {
  await db().rateLimitBucket.deleteMany({ where: { key: `${rule.name}:${subject}` } });
}
