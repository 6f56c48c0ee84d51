import { apiRoute } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { estimateBranch } from "@/lib/server/debate/branches";
import { estimateSchema } from "@/lib/domain/debate/validation";

export const PUT = apiRoute({ auth: true, params: nodeParams, body: estimateSchema }, async ({ actor, params, body }) => ({
  estimate: await estimateBranch(actor, params.debateId, params.nodeId, body.promise),
}));
