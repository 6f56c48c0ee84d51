import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { debateRevisit } from "@/lib/server/debate/branches";
import { revisitQuerySchema } from "@/lib/domain/debate/validation";

export const GET = apiRoute({ auth: false, params: debateParams, query: revisitQuerySchema }, async ({ actor, params, query }) => ({
  branches: await debateRevisit(actor, params.debateId, query),
}));
