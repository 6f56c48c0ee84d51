import { apiRoute } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { retractNode } from "@/lib/server/debate/nodes";

export const POST = apiRoute({ auth: true, params: nodeParams }, async ({ actor, params }) => {
  await retractNode(actor, params.debateId, params.nodeId);
  return { ok: true };
});
