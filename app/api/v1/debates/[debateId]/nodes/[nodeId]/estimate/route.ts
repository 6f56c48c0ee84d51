import { apiRoute } from "@/lib/api/route";
import { nodeParams } from "@/lib/api/params";
import { estimateBranch } from "@/lib/debate/branches";
import { estimateSchema } from "@/lib/debate/validation";

export const PUT = apiRoute({ auth: true, params: nodeParams, body: estimateSchema }, async ({ actor, params, body }) => ({
  estimate: await estimateBranch(actor, params.debateId, params.nodeId, body.promise),
}));
