import { apiRoute } from "@/lib/http/route";
import { createSummary as create, listSummaries as list } from "@/lib/server/summaries/service";
import { createSummary, listSummaries } from "@/lib/contracts/cruxes";

export const GET = apiRoute(listSummaries, async ({ actor, params }) => list(actor, params.debateId));

export const POST = apiRoute(createSummary, async ({ actor, params, body }) => ({ summary: await create(actor, params.debateId, body) }));
