import { apiRoute } from "@/lib/http/route";
import { revokeSession as revoke } from "@/lib/server/auth/sessions";
import { revokeSession } from "@/lib/contracts/accounts";

export const DELETE = apiRoute(revokeSession, async ({ actor, params }) => {
  await revoke(actor.id, params.sessionId);
});
