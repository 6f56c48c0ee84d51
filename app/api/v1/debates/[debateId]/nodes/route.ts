import { apiRoute, created } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { createNode } from "@/lib/server/debate/nodes";
import { createNodeSchema } from "@/lib/domain/debate/validation";

export const POST = apiRoute({ auth: true, idempotent: true, params: debateParams, body: createNodeSchema, maxBodyBytes: 128 * 1024, writeBudgetInHandler: true }, async ({ actor, params, body, ip }) =>
  created({ node: await createNode(actor, params.debateId, body, { ip }) }),
);
