import { z } from "zod";
import { apiRoute } from "@/lib/http/route";
import { revokeSession } from "@/lib/server/auth/sessions";
import { idSchema } from "@/lib/domain/debate/validation";

export const DELETE = apiRoute({ auth: true, params: z.object({ sessionId: idSchema }) }, async ({ actor, params }) => {
  await revokeSession(actor.id, params.sessionId);
  return { ok: true };
});
