import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { debateOverview } from "@/lib/debate/overview";
import { sortRevisitRows, filterRevisitRows } from "@/lib/debate/pruning";
import { revisitQuerySchema } from "@/lib/debate/validation";

export const GET = apiRoute({ auth: false, params: debateParams, query: revisitQuerySchema }, async ({ actor, params, query }) => {
  const overview = await debateOverview(actor, params.debateId);
  const filtered = filterRevisitRows(overview.revisit, query.category ? { categories: [query.category] } : {});
  return { branches: sortRevisitRows(filtered, query.sort, query.order), stuck: overview.stuck, frontier: overview.frontier };
});
