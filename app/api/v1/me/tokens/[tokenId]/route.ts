import { apiRoute } from "@/lib/http/route";
import { revokeApiToken } from "@/lib/server/auth/tokens";
import { revokeToken } from "@/lib/contracts/accounts";

export const DELETE = apiRoute(revokeToken, async ({ actor, params }) => {
  await revokeApiToken(actor.id, params.tokenId);
});
