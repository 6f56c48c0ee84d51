import { apiRoute, created } from "@/lib/api/route";
import { nodeParams } from "@/lib/api/params";
import { applyResolution } from "@/lib/empirical/service";
import { resolutionActionSchema } from "@/lib/empirical/validation";

/** { action: "RESOLVE", outcome, summary, evidence } | { action: "DISPUTE" | "REOPEN", summary, evidence } */
export const POST = apiRoute({ auth: true, params: nodeParams, body: resolutionActionSchema, maxBodyBytes: 64 * 1024 }, async ({ actor, params, body }) =>
  created(await applyResolution(actor, params.debateId, params.nodeId, body)),
);
