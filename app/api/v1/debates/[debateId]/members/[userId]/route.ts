import { apiRoute } from "@/lib/http/route";
import { removeMember as remove, setMemberRole as setRole } from "@/lib/server/debate/debates";
import { removeMember, setMemberRole } from "@/lib/contracts/debates";

export const PATCH = apiRoute(setMemberRole, async ({ actor, params, body }) => {
  await setRole(actor, params.debateId, params.userId, body.role);
});

export const DELETE = apiRoute(removeMember, async ({ actor, params }) => {
  await remove(actor, params.debateId, params.userId);
});
