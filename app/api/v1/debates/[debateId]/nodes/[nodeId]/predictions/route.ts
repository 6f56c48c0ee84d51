import { apiRoute } from "@/lib/http/route";
import { predictionTimeline as timeline, recordPrediction as record } from "@/lib/server/empirical/service";
import { predictionTimeline, recordPrediction } from "@/lib/contracts/empirical";

export const GET = apiRoute(predictionTimeline, async ({ actor, params }) => timeline(actor, params.debateId, params.nodeId));

export const POST = apiRoute(recordPrediction, async ({ actor, params, body }) => ({
  prediction: await record(actor, params.debateId, params.nodeId, body),
}));
