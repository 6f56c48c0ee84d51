import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { rotateInviteCode } from "@/lib/server/debate/debates";

export const POST = apiRoute({ auth: true, params: debateParams }, async ({ actor, params }) => rotateInviteCode(actor, params.debateId));
