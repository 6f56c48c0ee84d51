import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { searchNodes } from "@/lib/server/debate/nodes";
import { searchQuerySchema } from "@/lib/domain/debate/validation";

export const GET = apiRoute({ auth: false, params: debateParams, query: searchQuerySchema }, async ({ actor, params, query }) => ({
  results: await searchNodes(actor, params.debateId, query.q),
}));
