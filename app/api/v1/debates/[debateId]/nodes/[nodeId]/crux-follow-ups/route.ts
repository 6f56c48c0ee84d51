import { apiRoute } from "@/lib/http/route";
import { recordCruxFollowUp as record } from "@/lib/server/cruxes/service";
import { recordCruxFollowUp } from "@/lib/contracts/cruxes";

export const POST = apiRoute(recordCruxFollowUp, async ({ actor, params, body }) => ({
  followUp: await record(actor, params.debateId, params.nodeId, body),
}));
