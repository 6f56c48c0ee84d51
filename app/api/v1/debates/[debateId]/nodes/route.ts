import { apiRoute, created } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { createNode } from "@/lib/debate/nodes";
import { createNodeSchema } from "@/lib/debate/validation";

export const POST = apiRoute({ auth: true, params: debateParams, body: createNodeSchema, maxBodyBytes: 128 * 1024, writeBudgetInHandler: true }, async ({ actor, params, body, ip }) =>
  created({ node: await createNode(actor, params.debateId, body, { ip }) }),
);
