import { apiRoute } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { upsertExperimentCard } from "@/lib/server/empirical/service";
import { experimentCardSchema } from "@/lib/domain/empirical/validation";

export const PUT = apiRoute({ auth: true, params: nodeParams, body: experimentCardSchema, maxBodyBytes: 128 * 1024 }, async ({ actor, params, body }) => ({
  experiment: await upsertExperimentCard(actor, params.debateId, params.nodeId, body),
}));
