import { apiRoute, created } from "@/lib/api/route";
import { nodeParams } from "@/lib/api/params";
import { predictionTimeline, recordPrediction } from "@/lib/empirical/service";
import { predictionSchema } from "@/lib/empirical/validation";

export const GET = apiRoute({ auth: false, params: nodeParams }, async ({ actor, params }) =>
  predictionTimeline(actor, params.debateId, params.nodeId),
);

export const POST = apiRoute({ auth: true, params: nodeParams, body: predictionSchema }, async ({ actor, params, body }) =>
  created({ prediction: await recordPrediction(actor, params.debateId, params.nodeId, body) }),
);
