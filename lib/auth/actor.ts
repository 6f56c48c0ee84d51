import { getServerSession } from "next-auth";
import { db } from "@/lib/db/client";
import { authOptions } from "@/lib/auth/options";
import { userForToken } from "@/lib/auth/tokens";
import { unauthenticated } from "@/lib/errors";
import { publicUserSelect } from "@/lib/users/service";

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  via: "session" | "token";
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

/** The signed-in user of a server component or handler, from the session cookie. */
export async function sessionActor(): Promise<Actor | null> {
  const session = (await getServerSession(await authOptions())) as { userId?: string } | null;
  if (!session?.userId) return null;
  // A deleted account keeps its (anonymised) row for the moves it wrote: its sessions end here.
  const user = await db().user.findUnique({ where: { id: session.userId, deletedAt: null }, select: publicUserSelect });
  return user ? { ...user, via: "session" } : null;
}
