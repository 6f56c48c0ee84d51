import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { transferOwnership } from "@/lib/server/debate/lifecycle";
import { transferOwnershipSchema } from "@/lib/domain/debate/validation";

export const POST = apiRoute({ auth: true, params: debateParams, body: transferOwnershipSchema }, async ({ actor, params, body }) => ({
  ok: true,
  ...(await transferOwnership(actor, params.debateId, body.userId)),
}));
