import { apiRoute, created } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { joinDebate } from "@/lib/debate/debates";
import { joinDebateSchema } from "@/lib/debate/validation";

export const POST = apiRoute({ auth: true, params: debateParams, body: joinDebateSchema }, async ({ actor, params, body }) =>
  created({ membership: await joinDebate(actor, params.debateId, body.side, body.inviteCode) }),
);
