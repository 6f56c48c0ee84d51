import { apiRoute } from "@/lib/api/route";
import { memberParams } from "@/lib/api/params";
import { removeMember, setMemberRole } from "@/lib/debate/debates";
import { setMemberRoleSchema } from "@/lib/debate/validation";

export const PATCH = apiRoute({ auth: true, params: memberParams, body: setMemberRoleSchema }, async ({ actor, params, body }) => {
  await setMemberRole(actor, params.debateId, params.userId, body.role);
  return { ok: true };
});

export const DELETE = apiRoute({ auth: true, params: memberParams }, async ({ actor, params }) => {
  await removeMember(actor, params.debateId, params.userId);
  return { ok: true };
});
