import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { switchSide } from "@/lib/server/debate/debates";
import { switchSideSchema } from "@/lib/domain/debate/validation";

export const PUT = apiRoute({ auth: true, params: debateParams, body: switchSideSchema }, async ({ actor, params, body }) => ({
  membership: await switchSide(actor, params.debateId, body.side),
}));
