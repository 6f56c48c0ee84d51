import { z } from "zod";
import { apiRoute } from "@/lib/http/route";
import { revokeApiToken } from "@/lib/server/auth/tokens";
import { idSchema } from "@/lib/domain/debate/validation";

export const DELETE = apiRoute({ auth: true, params: z.object({ tokenId: idSchema }) }, async ({ actor, params }) => {
  await revokeApiToken(actor.id, params.tokenId);
  return { ok: true };
});
