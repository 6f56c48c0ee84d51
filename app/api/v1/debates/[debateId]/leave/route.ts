import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { leaveDebate } from "@/lib/debate/lifecycle";

export const POST = apiRoute({ auth: true, params: debateParams }, async ({ actor, params }) => {
  await leaveDebate(actor, params.debateId);
  return { ok: true };
});
