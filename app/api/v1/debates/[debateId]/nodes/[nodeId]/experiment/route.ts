import { apiRoute } from "@/lib/http/route";
import { upsertExperimentCard } from "@/lib/server/empirical/service";
import { upsertExperiment } from "@/lib/contracts/empirical";

export const PUT = apiRoute(upsertExperiment, { maxBodyBytes: 128 * 1024 }, async ({ actor, params, body }) => ({
  experiment: await upsertExperimentCard(actor, params.debateId, params.nodeId, body),
}));
