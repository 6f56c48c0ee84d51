import { apiRoute } from "@/lib/http/route";
import { rotateInviteCode as rotate } from "@/lib/server/debate/debates";
import { rotateInviteCode } from "@/lib/contracts/debates";

export const POST = apiRoute(rotateInviteCode, async ({ actor, params }) => rotate(actor, params.debateId));
