import "server-only";
import { db } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

// Fixed-window counters (the rules are in lib/server/auth/rate-limit.ts).

export interface Bucket {
  key: string;
  windowSeconds: number;
}

export interface BucketState {
  count: number;
  resetAtMs: number;
}

/**
 * The statement that counts one hit on a bucket and returns `"count", "resetAtMs"`
 * (also used as a CTE by statements that check a limit in the same round trip).
 * The reset time is returned as epoch milliseconds: the column is a timestamp
 * without time zone written from now(), and the database converts it back.
 */
export function bucketHitSql(bucket: Bucket): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "RateLimitBucket" ("key", "count", "resetAt")
    VALUES (${bucket.key}, 1, now() + make_interval(secs => ${bucket.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."resetAt" <= now() THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= now()
                       THEN now() + make_interval(secs => ${bucket.windowSeconds})
                       ELSE "RateLimitBucket"."resetAt" END
    RETURNING "count", (extract(epoch FROM "resetAt"::timestamptz) * 1000)::float8 AS "resetAtMs"`;
}

/** Counts one hit; returns how many hits the window has seen, and when it resets. */
export async function hitBucket(bucket: Bucket): Promise<BucketState> {
  const row = (await db().$queryRaw<BucketState[]>(bucketHitSql(bucket)))[0]!;
  return { count: Number(row.count), resetAtMs: Number(row.resetAtMs) };
}

/**
 * Deletes up to `batch` buckets whose window has ended; returns how many. The outer
 * `resetAt` test is checked again on a row that a concurrent hit just renewed, which is kept.
 */
export function deleteExpiredBuckets(batch: number): Promise<number> {
  return db().$executeRaw`
    DELETE FROM "RateLimitBucket"
    WHERE "resetAt" <= now()
      AND "key" IN (SELECT "key" FROM "RateLimitBucket" WHERE "resetAt" <= now() LIMIT ${batch})`;
}
