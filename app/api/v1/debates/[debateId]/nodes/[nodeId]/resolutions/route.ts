import { apiRoute, created } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { applyResolution } from "@/lib/server/empirical/service";
import { resolutionActionSchema } from "@/lib/domain/empirical/validation";

/** { action: "RESOLVE", outcome, summary, evidence } | { action: "DISPUTE" | "REOPEN", summary, evidence } */
export const POST = apiRoute({ auth: true, idempotent: true, params: nodeParams, body: resolutionActionSchema, maxBodyBytes: 64 * 1024 }, async ({ actor, params, body }) =>
  created(await applyResolution(actor, params.debateId, params.nodeId, body)),
);
