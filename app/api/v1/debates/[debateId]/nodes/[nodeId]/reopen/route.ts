import { apiRoute } from "@/lib/http/route";
import { reopenBranch as reopen } from "@/lib/server/debate/branches";
import { reopenBranch } from "@/lib/contracts/nodes";

export const POST = apiRoute(reopenBranch, async ({ actor, params, body }) => ({
  pruneEvent: await reopen(actor, params.debateId, params.nodeId, body),
}));
