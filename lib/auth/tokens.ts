import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

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

export async function revokeApiToken(userId: string, tokenId: string) {
  const { count } = await db().apiToken.updateMany({
    where: { id: tokenId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("No such active token");
}

/** The user id a bearer token belongs to, or null when it is unknown or revoked. */
export async function userIdForToken(token: string): Promise<string | null> {
  return (await userForToken(token))?.id ?? null;
}

/** The user a bearer token belongs to (one query), or null when it is unknown or revoked. */
export async function userForToken(token: string): Promise<{ id: string; username: string; displayName: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const row = await db().apiToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      tokenHash: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, username: true, displayName: true } },
    },
  });
  if (!row || row.revokedAt) return null;
  // The lookup is by hash; the explicit constant-time compare guards against any collation surprises.
  if (!timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(tokenHash))) return null;
  // Touch at most once a minute to keep reads cheap.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return row.user;
}
