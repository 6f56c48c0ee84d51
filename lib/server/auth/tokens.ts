import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { notFound } from "@/lib/domain/errors";
import { announceAuthChange, readTokenByHash } from "@/lib/server/queries/auth";

// Personal access tokens: `bb_` + 32 random bytes. Only the SHA-256 is stored;
// the secret is shown once at creation.
const TOKEN_PREFIX = "bb_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export async function createApiToken(userId: string, name: string) {
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const token = await db().apiToken.create({
    data: { userId, name, tokenHash: hashToken(secret), prefix: secret.slice(0, 10) },
    select: apiTokenSelect,
  });
  return { ...token, secret };
}

export const apiTokenSelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export async function listApiTokens(userId: string) {
  return db().apiToken.findMany({ where: { userId }, select: apiTokenSelect, orderBy: { createdAt: "desc" } });
}

/** Revokes a token; its open live streams end at once (announceAuthChange). */
export async function revokeApiToken(userId: string, tokenId: string) {
  await db().$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw notFound("No such active token");
    await announceAuthChange(tx, userId);
  });
}

/** The user id a bearer token belongs to, or null when it is unknown or revoked. */
export async function userIdForToken(token: string): Promise<string | null> {
  return (await userForToken(token))?.id ?? null;
}

/**
 * The user a bearer token belongs to (one query), or null when it is unknown or
 * revoked. Every API call with a token runs this, so it goes straight through
 * the driver (docs/decisions/006).
 */
export async function userForToken(token: string): Promise<{ id: string; username: string; displayName: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const row = await readTokenByHash(tokenHash);
  if (!row || row.revoked) return null;
  // The lookup is by hash; the explicit constant-time compare guards against any collation surprises.
  if (!timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(tokenHash))) return null;
  // Touch at most once a minute to keep reads cheap.
  if (row.stale) await db().apiToken.update({ where: { id: row.tokenId }, data: { lastUsedAt: new Date() } });
  return { id: row.id, username: row.username, displayName: row.displayName };
}
