import "server-only";
import type { Tx } from "@/lib/server/db/client";

// "This user's credentials changed": a token revoked (and whatever else ends a
// user's sign-ins). Sent with pg_notify inside the change's transaction, so it
// fires on commit, before any event committed later; the live hub wakes that
// user's open streams, which resolve their actor again (lib/server/live/stream.ts).
// Streams also re-check on a timer, so a change that is not announced still ends
// them within liveLimits.recheckMs.

export const AUTH_CHANNEL = "auth_changes";

export async function announceAuthChange(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_notify(${AUTH_CHANNEL}, json_build_object('userId', ${userId}::text)::text)::text AS "sent"`;
}
