import { apiRoute } from "@/lib/http/route";
import { rateRules } from "@/lib/server/auth/rate-limit";
import { nodeParams } from "@/lib/http/params";
import { editNode, getNodeDetail } from "@/lib/server/debate/nodes";
import { editNodeSchema } from "@/lib/domain/debate/validation";

export const GET = apiRoute({ auth: false, params: nodeParams }, async ({ actor, params }) => ({
  node: await getNodeDetail(actor, params.debateId, params.nodeId),
}));

// Each edit stores a new revision: its own limit on top of the general write budget.
export const PATCH = apiRoute({ auth: true, params: nodeParams, body: editNodeSchema, maxBodyBytes: 128 * 1024, rateLimits: [rateRules.editsPerUser] }, async ({ actor, params, body }) => ({
  node: await editNode(actor, params.debateId, params.nodeId, body),
}));
