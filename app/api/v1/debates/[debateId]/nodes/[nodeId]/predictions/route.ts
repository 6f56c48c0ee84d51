import { apiRoute, created } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { predictionTimeline, recordPrediction } from "@/lib/server/empirical/service";
import { predictionSchema } from "@/lib/domain/empirical/validation";

export const GET = apiRoute({ auth: false, params: nodeParams }, async ({ actor, params }) =>
  predictionTimeline(actor, params.debateId, params.nodeId),
);

export const POST = apiRoute({ auth: true, idempotent: true, params: nodeParams, body: predictionSchema }, async ({ actor, params, body }) =>
  created({ prediction: await recordPrediction(actor, params.debateId, params.nodeId, body) }),
);
