import { apiRoute } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { acceptRebuttal } from "@/lib/server/debate/nodes";

export const POST = apiRoute({ auth: true, params: nodeParams }, async ({ actor, params }) => {
  await acceptRebuttal(actor, params.debateId, params.nodeId);
  return { ok: true };
});
