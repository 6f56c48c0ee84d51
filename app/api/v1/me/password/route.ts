import { apiRoute } from "@/lib/http/route";
import { changePassword as change } from "@/lib/server/users/passwords";
import { changePassword } from "@/lib/contracts/accounts";

// Signs out every other session; the one making the change (if a cookie) stays signed in.
export const POST = apiRoute(changePassword, { maxBodyBytes: 8 * 1024 }, async ({ actor, body }) => change(actor.id, body, actor.sessionId));
