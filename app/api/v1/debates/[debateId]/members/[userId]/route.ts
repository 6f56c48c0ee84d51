import { apiRoute } from "@/lib/http/route";
import { memberParams } from "@/lib/http/params";
import { removeMember, setMemberRole } from "@/lib/server/debate/debates";
import { setMemberRoleSchema } from "@/lib/domain/debate/validation";

export const PATCH = apiRoute({ auth: true, params: memberParams, body: setMemberRoleSchema }, async ({ actor, params, body }) => {
  await setMemberRole(actor, params.debateId, params.userId, body.role);
  return { ok: true };
});

export const DELETE = apiRoute({ auth: true, params: memberParams }, async ({ actor, params }) => {
  await removeMember(actor, params.debateId, params.userId);
  return { ok: true };
});
