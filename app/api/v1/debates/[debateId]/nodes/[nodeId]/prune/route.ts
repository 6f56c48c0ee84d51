import { apiRoute, created } from "@/lib/api/route";
import { nodeParams } from "@/lib/api/params";
import { pruneBranch } from "@/lib/debate/branches";
import { pruneSchema } from "@/lib/debate/validation";

export const POST = apiRoute({ auth: true, params: nodeParams, body: pruneSchema }, async ({ actor, params, body }) =>
  created({ event: await pruneBranch(actor, params.debateId, params.nodeId, body) }),
);
