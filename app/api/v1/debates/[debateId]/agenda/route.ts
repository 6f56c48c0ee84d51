import { apiRoute } from "@/lib/http/route";
import { debateAgenda as readAgenda } from "@/lib/server/empirical/service";
import { agendaResponse } from "@/lib/http/agenda-response";
import { debateAgenda } from "@/lib/contracts/empirical";

/** ?format=json|csv|md&sort=disagreement|dependentNodes|…&order=desc|asc */
export const GET = apiRoute(debateAgenda, async ({ actor, params, query }) => {
  const { rows } = await readAgenda(actor, params.debateId, query.sort, query.order);
  return agendaResponse(rows, query.format, `agenda-${params.debateId}`);
});
