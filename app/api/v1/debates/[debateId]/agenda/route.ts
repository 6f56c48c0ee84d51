import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { debateAgenda } from "@/lib/server/empirical/service";
import { agendaResponse } from "@/lib/http/agenda-response";
import { agendaQuerySchema } from "@/lib/domain/empirical/validation";

/** ?format=json|csv|md&sort=disagreement|dependentNodes|…&order=desc|asc */
export const GET = apiRoute({ auth: false, params: debateParams, query: agendaQuerySchema }, async ({ actor, params, query }) => {
  const { rows } = await debateAgenda(actor, params.debateId, query.sort, query.order);
  return agendaResponse(rows, query.format, `agenda-${params.debateId}`);
});
