import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { leaveDebate } from "@/lib/server/debate/lifecycle";

export const POST = apiRoute({ auth: true, params: debateParams }, async ({ actor, params }) => {
  await leaveDebate(actor, params.debateId);
  return { ok: true };
});
