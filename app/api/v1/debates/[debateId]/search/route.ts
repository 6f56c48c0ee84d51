import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { searchNodes } from "@/lib/debate/nodes";
import { searchQuerySchema } from "@/lib/debate/validation";

export const GET = apiRoute({ auth: false, params: debateParams, query: searchQuerySchema }, async ({ actor, params, query }) => ({
  results: await searchNodes(actor, params.debateId, query.q),
}));
