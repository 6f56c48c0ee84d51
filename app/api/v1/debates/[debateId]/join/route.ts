import { apiRoute, created } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { joinDebate } from "@/lib/server/debate/debates";
import { joinDebateSchema } from "@/lib/domain/debate/validation";

export const POST = apiRoute({ auth: true, params: debateParams, body: joinDebateSchema }, async ({ actor, params, body }) =>
  created({ membership: await joinDebate(actor, params.debateId, body.side, body.inviteCode) }),
);
