import { apiRoute } from "@/lib/http/route";
import { claimCruxLedger as readLedger, recordCruxEstimate as record } from "@/lib/server/cruxes/service";
import { claimCruxLedger, recordCruxEstimate } from "@/lib/contracts/cruxes";

export const GET = apiRoute(claimCruxLedger, async ({ actor, params }) => readLedger(actor, params.debateId, params.nodeId));

export const POST = apiRoute(recordCruxEstimate, async ({ actor, params, body }) => ({
  estimate: await record(actor, params.debateId, params.nodeId, body),
}));
