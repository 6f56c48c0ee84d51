import { apiRoute } from "@/lib/http/route";
import { endorseSummary as endorse, withdrawEndorsement as withdraw } from "@/lib/server/summaries/service";
import { endorseSummary, withdrawEndorsement } from "@/lib/contracts/cruxes";

export const PUT = apiRoute(endorseSummary, async ({ actor, params }) => ({ summary: await endorse(actor, params.debateId, params.summaryId) }));

export const DELETE = apiRoute(withdrawEndorsement, async ({ actor, params }) => ({ summary: await withdraw(actor, params.debateId, params.summaryId) }));
