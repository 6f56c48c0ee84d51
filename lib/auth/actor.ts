import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { liveSessionUser } from "@/lib/auth/sessions";
import { userForToken } from "@/lib/auth/tokens";
import { unauthenticated } from "@/lib/errors";

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  via: "session" | "token";
  /** The UserSession behind a cookie request (absent for bearer tokens). */
  sessionId?: string;
}

/**
 * Who is making this request: a bearer token wins over the session cookie.
 * A bearer token that is unknown or revoked is an error, never a silent anonymous.
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
  return sessionActor();
}

/**
 * The signed-in user of a server component or handler, from the session cookie.
 * The cookie counts only while its UserSession row is live (one indexed lookup):
 * signed out, revoked or expired sessions are anonymous, and so are JWTs issued
 * before sessions were tracked (they carry no session id).
 */
export async function sessionActor(): Promise<Actor | null> {
  const session = (await getServerSession(await authOptions())) as { userId?: string; sessionId?: string } | null;
  if (!session?.userId || !session.sessionId) return null;
  const user = await liveSessionUser(session.sessionId, session.userId);
  return user ? { ...user, via: "session", sessionId: session.sessionId } : null;
}
