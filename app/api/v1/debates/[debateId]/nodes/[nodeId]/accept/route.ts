import { apiRoute } from "@/lib/api/route";
import { nodeParams } from "@/lib/api/params";
import { acceptRebuttal } from "@/lib/debate/nodes";

export const POST = apiRoute({ auth: true, params: nodeParams }, async ({ actor, params }) => {
  await acceptRebuttal(actor, params.debateId, params.nodeId);
  return { ok: true };
});
