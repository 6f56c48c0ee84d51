import { apiRoute, created } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { inviteMember, listMembers } from "@/lib/server/debate/debates";
import { inviteMemberSchema } from "@/lib/domain/debate/validation";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => listMembers(actor, params.debateId));

export const POST = apiRoute({ auth: true, idempotent: true, params: debateParams, body: inviteMemberSchema }, async ({ actor, params, body }) =>
  created({ membership: await inviteMember(actor, params.debateId, body.username, body.side) }),
);
