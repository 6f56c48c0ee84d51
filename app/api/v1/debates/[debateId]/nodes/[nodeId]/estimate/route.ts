import { apiRoute } from "@/lib/http/route";
import { estimateBranch as estimate } from "@/lib/server/debate/branches";
import { estimateBranch } from "@/lib/contracts/nodes";

export const PUT = apiRoute(estimateBranch, async ({ actor, params, body }) => ({
  estimate: await estimate(actor, params.debateId, params.nodeId, body.promise),
}));
