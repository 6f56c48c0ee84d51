import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { debateAgenda } from "@/lib/empirical/service";
import { agendaResponse } from "@/lib/empirical/agenda-export";
import { agendaQuerySchema } from "@/lib/empirical/validation";

/** ?format=json|csv|md&sort=disagreement|dependentNodes|…&order=desc|asc */
export const GET = apiRoute({ auth: false, params: debateParams, query: agendaQuerySchema }, async ({ actor, params, query }) => {
  const { rows } = await debateAgenda(actor, params.debateId, query.sort, query.order);
  return agendaResponse(rows, query.format, `agenda-${params.debateId}`);
});
