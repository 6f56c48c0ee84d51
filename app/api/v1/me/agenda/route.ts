import { apiRoute } from "@/lib/api/route";
import { myAgenda } from "@/lib/empirical/service";
import { agendaResponse } from "@/lib/empirical/agenda-export";
import { agendaQuerySchema } from "@/lib/empirical/validation";

/** The research agenda across the debates you own or joined. */
export const GET = apiRoute({ auth: true, query: agendaQuerySchema }, async ({ actor, query }) => {
  const { rows } = await myAgenda(actor, query.sort, query.order);
  return agendaResponse(rows, query.format, "my-agenda", { withDebate: true });
});
