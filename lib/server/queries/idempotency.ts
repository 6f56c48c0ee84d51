import "server-only";
import { db } from "@/lib/server/db/client";

// The IdempotencyKey table's statements (the protocol is lib/server/idempotency.ts).

export interface KeyRow {
  requestHash: string;
  /** null while the first request is still running. */
  status: number | null;
  body: Uint8Array | null;
}

/**
 * Inserts the key "running", or takes over a row that expired (not swept yet) or was abandoned by a
 * dead process (still running after abandonedAfterSeconds, same request). True when this call claimed it;
 * the primary key lets exactly one concurrent insert win, on PGlite and PostgreSQL alike.
 */
export async function insertOrTakeOverKey(
  key: { userId: string; keyHash: string; requestHash: string },
  timing: { ttlSeconds: number; abandonedAfterSeconds: number },
): Promise<boolean> {
  const claimed = await db().$executeRaw`
    INSERT INTO "IdempotencyKey" ("userId", "keyHash", "requestHash", "status", "body", "createdAt", "expiresAt")
    VALUES (${key.userId}, ${key.keyHash}, ${key.requestHash}, NULL, NULL, now(), now() + make_interval(secs => ${timing.ttlSeconds}))
    ON CONFLICT ("userId", "keyHash") DO UPDATE SET
      "requestHash" = EXCLUDED."requestHash", "status" = NULL, "body" = NULL,
      "createdAt" = EXCLUDED."createdAt", "expiresAt" = EXCLUDED."expiresAt"
    WHERE "IdempotencyKey"."expiresAt" <= now()
       OR ("IdempotencyKey"."status" IS NULL
           AND "IdempotencyKey"."requestHash" = EXCLUDED."requestHash"
           AND "IdempotencyKey"."createdAt" <= now() - make_interval(secs => ${timing.abandonedAfterSeconds}))`;
  return claimed === 1;
}

/** The key's row while it has not expired, or undefined. */
export async function readLiveKey(userId: string, keyHash: string): Promise<KeyRow | undefined> {
  const [row] = await db().$queryRaw<KeyRow[]>`
    SELECT "requestHash", "status", "body" FROM "IdempotencyKey"
    WHERE "userId" = ${userId} AND "keyHash" = ${keyHash} AND "expiresAt" > now()`;
  return row;
}

/** Stores the first answer (already encrypted) of a running key. */
export async function storeKeyAnswer(userId: string, keyHash: string, status: number, sealedBody: Buffer): Promise<void> {
  await db().$executeRaw`
    UPDATE "IdempotencyKey" SET "status" = ${status}, "body" = ${sealedBody}
    WHERE "userId" = ${userId} AND "keyHash" = ${keyHash} AND "status" IS NULL`;
}

/** Forgets a key that is still running (its request failed and created nothing). */
export async function deleteRunningKey(userId: string, keyHash: string): Promise<void> {
  await db().$executeRaw`
    DELETE FROM "IdempotencyKey" WHERE "userId" = ${userId} AND "keyHash" = ${keyHash} AND "status" IS NULL`;
}

/** Deletes up to `batch` expired keys; returns how many. */
export function deleteExpiredKeys(batch: number): Promise<number> {
  return db().$executeRaw`
    DELETE FROM "IdempotencyKey"
    WHERE "expiresAt" <= now()
      AND ("userId", "keyHash") IN (SELECT "userId", "keyHash" FROM "IdempotencyKey" WHERE "expiresAt" <= now() LIMIT ${batch})`;
}
