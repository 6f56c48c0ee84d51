import { apiRoute } from "@/lib/http/route";
import { pruneBranch as prune } from "@/lib/server/debate/branches";
import { pruneBranch } from "@/lib/contracts/nodes";

export const POST = apiRoute(pruneBranch, async ({ actor, params, body }) => ({
  pruneEvent: await prune(actor, params.debateId, params.nodeId, body),
}));
