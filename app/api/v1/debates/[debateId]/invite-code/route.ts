import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { rotateInviteCode } from "@/lib/debate/debates";

export const POST = apiRoute({ auth: true, params: debateParams }, async ({ actor, params }) => rotateInviteCode(actor, params.debateId));
