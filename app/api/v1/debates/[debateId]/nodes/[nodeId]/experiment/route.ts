import { apiRoute } from "@/lib/api/route";
import { nodeParams } from "@/lib/api/params";
import { upsertExperimentCard } from "@/lib/empirical/service";
import { experimentCardSchema } from "@/lib/empirical/validation";

export const PUT = apiRoute({ auth: true, params: nodeParams, body: experimentCardSchema, maxBodyBytes: 128 * 1024 }, async ({ actor, params, body }) => ({
  experiment: await upsertExperimentCard(actor, params.debateId, params.nodeId, body),
}));
