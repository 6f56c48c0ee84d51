import { apiRoute } from "@/lib/http/route";
import { listSessions as readSessions, revokeAllSessions as revokeAll } from "@/lib/server/auth/sessions";
import { listSessions, revokeAllSessions } from "@/lib/contracts/accounts";

export const GET = apiRoute(listSessions, async ({ actor }) => ({ sessions: await readSessions(actor.id, actor.sessionId) }));

/** "Sign out everywhere": every browser session of the account, this one included. API tokens stay valid. */
export const DELETE = apiRoute(revokeAllSessions, async ({ actor }) => ({ endedSessions: await revokeAll(actor.id) }));
