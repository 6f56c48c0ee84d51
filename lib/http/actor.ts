import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/http/auth-options";
import { liveSessionUser } from "@/lib/server/auth/sessions";
import { userForToken } from "@/lib/server/auth/tokens";
import type { Actor } from "@/lib/domain/actor";
import { unauthenticated } from "@/lib/domain/errors";

/**
 * Who is making this request: a bearer token wins over the session cookie.
 * A bearer token that is unknown or revoked is an error, never a silent anonymous.
 * Reads only the request itself, so a live stream can call it again long after its
 * handler returned, to notice a revoked token or an ended session (lib/server/live/stream.ts).
 */
export async function resolveActor(request: Request): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated("Malformed Authorization header: use 'Bearer <token>'");
    const user = await userForToken(match[1]);
    if (!user) throw unauthenticated("Invalid or revoked token");
    return { ...user, via: "token" };
  }
  return sessionActor(request);
}

/**
 * The signed-in user from the session cookie: of `request` when given, else of the
 * request a server component or handler is rendering (next/headers).
 * The cookie counts only while its UserSession row is live (one indexed lookup):
 * signed out, revoked or expired sessions are anonymous, and so are JWTs issued
 * before sessions were tracked (they carry no session id).
 */
export async function sessionActor(request?: Request): Promise<Actor | null> {
  const session = (await readSession(request)) as { userId?: string; sessionId?: string } | null;
  if (!session?.userId || !session.sessionId) return null;
  const user = await liveSessionUser(session.sessionId, session.userId);
  return user ? { ...user, via: "session", sessionId: session.sessionId } : null;
}

async function readSession(request: Request | undefined) {
  const options = await authOptions();
  if (!request) return getServerSession(options);
  // next-auth's (req, res, options) form: the same session handler, fed from the request
  // instead of next/headers, which only answers inside the request's own scope.
  const req = { headers: Object.fromEntries(request.headers), cookies: parseCookies(request.headers.get("cookie")) };
  const res = { getHeader() {}, setCookie() {}, setHeader() {} };
  return getServerSession(req as never, res as never, options);
}

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      cookies[name] ??= decodeURIComponent(raw);
    } catch {
      cookies[name] ??= raw;
    }
  }
  return cookies;
}
