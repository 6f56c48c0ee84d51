// Revocable browser sessions (docs/decisions/008-revocable-sessions.md). The next-auth
// JWT carries the id of a UserSession row created at sign-in; every request checks the
// row in one indexed lookup, so signing out, "sign out everywhere" and a password change
// or reset make copied cookies useless at once. Bearer API tokens are separate.

import "server-only";
import { db, type Tx } from "@/lib/server/db/client";
import { notFound } from "@/lib/domain/errors";
import { announceAuthChange, readLiveSession } from "@/lib/server/queries/auth";

/** Absolute lifetime of a session (and of its JWT): 30 days from sign-in. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
const USER_AGENT_MAX = 200;

/** Opens a session for a user who just signed in; also drops their dead rows so the table stays small. */
export async function createSession(userId: string, userAgent: string | null | undefined): Promise<string> {
  const now = Date.now();
  await db().userSession.deleteMany({
    where: { userId, OR: [{ expiresAt: { lt: new Date(now) } }, { revokedAt: { lt: new Date(now - SESSION_MAX_AGE_SECONDS * 1000) } }] },
  });
  const row = await db().userSession.create({
    data: { userId, expiresAt: new Date(now + SESSION_MAX_AGE_SECONDS * 1000), userAgent: (userAgent ?? "").slice(0, USER_AGENT_MAX) },
    select: { id: true },
  });
  return row.id;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
}

/**
 * The user of a live session (not revoked, not expired, belonging to `userId`), or null.
 * Every cookie request runs this, so it is one statement through the driver
 * (docs/decisions/006); lastSeenAt is touched at most once a minute.
 */
export async function liveSessionUser(sessionId: string, userId: string): Promise<SessionUser | null> {
  const row = await readLiveSession(sessionId, userId);
  if (!row) return null;
  if (row.stale) await db().userSession.updateMany({ where: { id: sessionId }, data: { lastSeenAt: new Date() } });
  return { id: row.id, username: row.username, displayName: row.displayName };
}

/** Ends one session of a user (sign-out, or "sign out" in the sessions list). Returns whether it was live. */
export async function endSession(userId: string, sessionId: string): Promise<boolean> {
  const { count } = await db().userSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  // Live streams opened with that cookie re-check their viewer at once, not at their next timer.
  if (count > 0) await announceAuthChange(db(), userId);
  return count > 0;
}

/** The settings page's "sign out" on one listed session. */
export async function revokeSession(userId: string, sessionId: string): Promise<void> {
  if (!(await endSession(userId, sessionId))) throw notFound("No such active session");
}

/** "Sign out everywhere", and what a password change or reset does (keeping the session that made the change). */
export async function revokeAllSessions(userId: string, options: { except?: string } = {}, tx: Tx = db()): Promise<number> {
  const { count } = await tx.userSession.updateMany({
    where: { userId, revokedAt: null, ...(options.except ? { id: { not: options.except } } : {}) },
    data: { revokedAt: new Date() },
  });
  if (count > 0) await announceAuthChange(tx, userId);
  return count;
}

export async function listSessions(userId: string, currentSessionId?: string) {
  const rows = await db().userSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true },
    orderBy: { lastSeenAt: "desc" },
  });
  return rows.map((row) => ({ ...row, current: row.id === currentSessionId }));
}
