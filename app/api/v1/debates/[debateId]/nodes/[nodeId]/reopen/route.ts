import { apiRoute, created } from "@/lib/api/route";
import { nodeParams } from "@/lib/api/params";
import { reopenBranch } from "@/lib/debate/branches";
import { reopenSchema } from "@/lib/debate/validation";

export const POST = apiRoute({ auth: true, params: nodeParams, body: reopenSchema }, async ({ actor, params, body }) =>
  created({ event: await reopenBranch(actor, params.debateId, params.nodeId, body) }),
);
