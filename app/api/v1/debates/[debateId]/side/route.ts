import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { switchSide } from "@/lib/debate/debates";
import { switchSideSchema } from "@/lib/debate/validation";

export const PUT = apiRoute({ auth: true, params: debateParams, body: switchSideSchema }, async ({ actor, params, body }) => ({
  membership: await switchSide(actor, params.debateId, body.side),
}));
