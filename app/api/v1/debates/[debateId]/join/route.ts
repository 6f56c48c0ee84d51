import { apiRoute } from "@/lib/http/route";
import { joinDebate as join } from "@/lib/server/debate/debates";
import { joinDebate } from "@/lib/contracts/debates";

export const POST = apiRoute(joinDebate, async ({ actor, params, body }) => ({
  membership: await join(actor, params.debateId, body.side, body.inviteCode),
}));
