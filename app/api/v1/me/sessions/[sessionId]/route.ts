import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { revokeSession } from "@/lib/auth/sessions";
import { idSchema } from "@/lib/debate/validation";

export const DELETE = apiRoute({ auth: true, params: z.object({ sessionId: idSchema }) }, async ({ actor, params }) => {
  await revokeSession(actor.id, params.sessionId);
  return { ok: true };
});
