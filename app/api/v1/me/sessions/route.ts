import { apiRoute } from "@/lib/http/route";
import { listSessions, revokeAllSessions } from "@/lib/server/auth/sessions";

export const GET = apiRoute({ auth: true }, async ({ actor }) => ({ sessions: await listSessions(actor.id, actor.sessionId) }));

/** "Sign out everywhere": every browser session of the account, this one included. API tokens stay valid. */
export const DELETE = apiRoute({ auth: true }, async ({ actor }) => ({ endedSessions: await revokeAllSessions(actor.id) }));
