import { apiRoute } from "@/lib/http/route";
import { createNode as create } from "@/lib/server/debate/nodes";
import { createNode } from "@/lib/contracts/nodes";

export const POST = apiRoute(createNode, { maxBodyBytes: 128 * 1024, writeBudgetInHandler: true }, async ({ actor, params, body, ip }) => ({
  node: await create(actor, params.debateId, body, { ip }),
}));
