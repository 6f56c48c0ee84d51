import { apiRoute } from "@/lib/http/route";
import { transferOwnership as transfer } from "@/lib/server/debate/lifecycle";
import { transferOwnership } from "@/lib/contracts/debates";

export const POST = apiRoute(transferOwnership, async ({ actor, params, body }) => transfer(actor, params.debateId, body.userId));
