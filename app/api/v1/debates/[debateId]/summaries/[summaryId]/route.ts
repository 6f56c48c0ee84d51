import { apiRoute } from "@/lib/http/route";
import { editSummary as edit } from "@/lib/server/summaries/service";
import { editSummary } from "@/lib/contracts/cruxes";

export const PUT = apiRoute(editSummary, async ({ actor, params, body }) => ({ summary: await edit(actor, params.debateId, params.summaryId, body) }));
