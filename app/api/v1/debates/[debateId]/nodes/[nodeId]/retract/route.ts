import { apiRoute } from "@/lib/api/route";
import { nodeParams } from "@/lib/api/params";
import { retractNode } from "@/lib/debate/nodes";

export const POST = apiRoute({ auth: true, params: nodeParams }, async ({ actor, params }) => {
  await retractNode(actor, params.debateId, params.nodeId);
  return { ok: true };
});
