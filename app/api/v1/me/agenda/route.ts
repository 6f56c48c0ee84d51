import { apiRoute } from "@/lib/http/route";
import { myAgenda as readAgenda } from "@/lib/server/empirical/service";
import { agendaResponse } from "@/lib/http/agenda-response";
import { myAgenda } from "@/lib/contracts/empirical";

/** The research agenda across the debates you own or joined. */
export const GET = apiRoute(myAgenda, async ({ actor, query }) => {
  const { rows } = await readAgenda(actor, query.sort, query.order);
  return agendaResponse(rows, query.format, "my-agenda", { withDebate: true });
});
