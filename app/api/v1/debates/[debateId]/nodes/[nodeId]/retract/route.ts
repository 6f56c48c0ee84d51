import { apiRoute } from "@/lib/http/route";
import { retractNode as retract } from "@/lib/server/debate/nodes";
import { retractNode } from "@/lib/contracts/nodes";

export const POST = apiRoute(retractNode, async ({ actor, params }) => {
  await retract(actor, params.debateId, params.nodeId);
});
