import { apiRoute, created } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { reopenBranch } from "@/lib/server/debate/branches";
import { reopenSchema } from "@/lib/domain/debate/validation";

export const POST = apiRoute({ auth: true, params: nodeParams, body: reopenSchema }, async ({ actor, params, body }) =>
  created({ event: await reopenBranch(actor, params.debateId, params.nodeId, body) }),
);
