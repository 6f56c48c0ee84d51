import "server-only";
import { driverQuery, type Tx } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

// The statements every authenticated request runs (a session cookie or a bearer token:
// one indexed lookup each, straight through the driver, docs/decisions/006), and the
// "credentials changed" notification.

/** The channel that wakes a user's open live streams when their credentials change. */
export const AUTH_CHANNEL = "auth_changes";

/**
 * "This user's credentials changed" (a token revoked, a session ended): sent with pg_notify inside
 * the change's transaction, so it fires on commit, before any event committed later; the live hub
 * wakes that user's open streams, which resolve their actor again (lib/server/live/stream.ts).
 * Streams also re-check on a timer, so a change that is not announced still ends them within
 * liveLimits.recheckMs.
 */
export async function announceAuthChange(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_notify(${AUTH_CHANNEL}, json_build_object('userId', ${userId}::text)::text)::text AS "sent"`;
}

export interface LiveSessionRow {
  id: string;
  username: string;
  displayName: string;
  /** lastSeenAt is over a minute old (touch it). */
  stale: boolean;
}

/** The user of a session that is not revoked, not expired and belongs to `userId` (not deleted), or undefined. */
export async function readLiveSession(sessionId: string, userId: string): Promise<LiveSessionRow | undefined> {
  const [row] = await driverQuery<LiveSessionRow>(
    Prisma.sql`
      SELECT u."id", u."username", u."displayName",
        s."lastSeenAt" < (now() AT TIME ZONE 'UTC') - interval '1 minute' AS "stale"
      FROM "UserSession" s JOIN "User" u ON u."id" = s."userId"
      WHERE s."id" = ${sessionId} AND s."userId" = ${userId} AND s."revokedAt" IS NULL AND u."deletedAt" IS NULL
        AND s."expiresAt" > (now() AT TIME ZONE 'UTC')`,
    { prepared: true },
  );
  return row;
}

export interface TokenRow {
  tokenId: string;
  tokenHash: string;
  revoked: boolean;
  /** lastUsedAt is unset or over a minute old (touch it). */
  stale: boolean;
  id: string;
  username: string;
  displayName: string;
}

/** The API token with this SHA-256 and its user, or undefined. */
export async function readTokenByHash(tokenHash: string): Promise<TokenRow | undefined> {
  const [row] = await driverQuery<TokenRow>(
    Prisma.sql`
      SELECT t."id" AS "tokenId", t."tokenHash", t."revokedAt" IS NOT NULL AS "revoked",
        (t."lastUsedAt" IS NULL OR t."lastUsedAt" < (now() AT TIME ZONE 'UTC') - interval '1 minute') AS "stale",
        u."id", u."username", u."displayName"
      FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId"
      WHERE t."tokenHash" = ${tokenHash}`,
    { prepared: true },
  );
  return row;
}
