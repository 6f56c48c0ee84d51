import { apiRoute } from "@/lib/http/route";
import { changePassword } from "@/lib/server/users/passwords";
import { changePasswordSchema } from "@/lib/domain/users/validation";

// Signs out every other session; the one making the change (if a cookie) stays signed in.
export const POST = apiRoute({ auth: true, body: changePasswordSchema, maxBodyBytes: 8 * 1024 }, async ({ actor, body }) =>
  changePassword(actor.id, body, actor.sessionId),
);
