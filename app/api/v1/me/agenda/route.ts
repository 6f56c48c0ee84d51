import { apiRoute } from "@/lib/http/route";
import { myAgenda } from "@/lib/server/empirical/service";
import { agendaResponse } from "@/lib/http/agenda-response";
import { agendaQuerySchema } from "@/lib/domain/empirical/validation";

/** The research agenda across the debates you own or joined. */
export const GET = apiRoute({ auth: true, query: agendaQuerySchema }, async ({ actor, query }) => {
  const { rows } = await myAgenda(actor, query.sort, query.order);
  return agendaResponse(rows, query.format, "my-agenda", { withDebate: true });
});
