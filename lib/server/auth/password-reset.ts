// One-time password reset links, made by the operator's `npm run user -- reset-password`
// or mailed by "forgot password" when SMTP is configured. Like API tokens, only the
// SHA-256 of the secret is stored; a link works once, before it expires, and a newer
// link for the same account replaces older unused ones.

import "server-only";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/server/db/client";
import { hashToken } from "@/lib/server/auth/tokens";

export const RESET_TTL_SECONDS = 60 * 60;
export const RESET_PATH = "/reset-password";

export async function createPasswordReset(userId: string, ttlSeconds = RESET_TTL_SECONDS): Promise<{ secret: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db().$transaction([
    db().passwordReset.deleteMany({ where: { userId, usedAt: null } }),
    db().passwordReset.create({ data: { userId, tokenHash: hashToken(secret), expiresAt } }),
  ]);
  return { secret, expiresAt };
}

/** `<base>/reset-password?token=…` (base without a trailing slash). */
export function resetLink(baseUrl: string, secret: string): string {
  const url = new URL(RESET_PATH, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  url.searchParams.set("token", secret);
  return url.toString();
}

/** The account a still-usable reset secret belongs to, or null (unknown, used or expired). */
export async function pendingReset(secret: string) {
  return db().passwordReset.findFirst({
    where: { tokenHash: hashToken(secret), usedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, user: { select: { id: true, username: true, email: true, displayName: true } } },
  });
}

/** Marks a reset used; false when another request used it first or it expired meanwhile. */
export async function consumeReset(tx: Tx, resetId: string): Promise<boolean> {
  const { count } = await tx.passwordReset.updateMany({
    where: { id: resetId, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  return count === 1;
}
