import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { revokeApiToken } from "@/lib/auth/tokens";
import { idSchema } from "@/lib/debate/validation";

export const DELETE = apiRoute({ auth: true, params: z.object({ tokenId: idSchema }) }, async ({ actor, params }) => {
  await revokeApiToken(actor.id, params.tokenId);
  return { ok: true };
});
