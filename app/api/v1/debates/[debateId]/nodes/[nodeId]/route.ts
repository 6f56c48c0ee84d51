import { apiRoute } from "@/lib/http/route";
import { rateRules } from "@/lib/server/auth/rate-limit";
import { editNode as edit, getNodeDetail } from "@/lib/server/debate/nodes";
import { editNode, getNode } from "@/lib/contracts/nodes";

export const GET = apiRoute(getNode, async ({ actor, params }) => ({ node: await getNodeDetail(actor, params.debateId, params.nodeId) }));

// Each edit stores a new revision: its own limit on top of the general write budget.
export const PATCH = apiRoute(editNode, { maxBodyBytes: 128 * 1024, rateLimits: [rateRules.editsPerUser] }, async ({ actor, params, body }) => ({
  node: await edit(actor, params.debateId, params.nodeId, body),
}));
