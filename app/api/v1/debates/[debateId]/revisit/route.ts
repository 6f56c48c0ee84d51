import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { debateRevisit } from "@/lib/debate/branches";
import { revisitQuerySchema } from "@/lib/debate/validation";

export const GET = apiRoute({ auth: false, params: debateParams, query: revisitQuerySchema }, async ({ actor, params, query }) => ({
  branches: await debateRevisit(actor, params.debateId, query),
}));
