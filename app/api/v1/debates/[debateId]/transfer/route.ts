import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { transferOwnership } from "@/lib/debate/lifecycle";
import { transferOwnershipSchema } from "@/lib/debate/validation";

export const POST = apiRoute({ auth: true, params: debateParams, body: transferOwnershipSchema }, async ({ actor, params, body }) => ({
  ok: true,
  ...(await transferOwnership(actor, params.debateId, body.userId)),
}));
