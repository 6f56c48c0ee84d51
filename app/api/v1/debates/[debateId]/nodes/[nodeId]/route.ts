import { apiRoute } from "@/lib/api/route";
import { rateRules } from "@/lib/auth/rate-limit";
import { nodeParams } from "@/lib/api/params";
import { editNode, getNodeDetail } from "@/lib/debate/nodes";
import { editNodeSchema } from "@/lib/debate/validation";

export const GET = apiRoute({ auth: false, params: nodeParams }, async ({ actor, params }) => ({
  node: await getNodeDetail(actor, params.debateId, params.nodeId),
}));

// Each edit stores a new revision: its own limit on top of the general write budget.
export const PATCH = apiRoute({ auth: true, params: nodeParams, body: editNodeSchema, maxBodyBytes: 128 * 1024, rateLimits: [rateRules.editsPerUser] }, async ({ actor, params, body }) => ({
  node: await editNode(actor, params.debateId, params.nodeId, body),
}));
