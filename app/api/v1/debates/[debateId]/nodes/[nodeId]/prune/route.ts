import { apiRoute, created } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { pruneBranch } from "@/lib/server/debate/branches";
import { pruneSchema } from "@/lib/domain/debate/validation";

export const POST = apiRoute({ auth: true, params: nodeParams, body: pruneSchema }, async ({ actor, params, body }) =>
  created({ event: await pruneBranch(actor, params.debateId, params.nodeId, body) }),
);
