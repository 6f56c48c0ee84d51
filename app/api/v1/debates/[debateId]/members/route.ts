import { apiRoute, created } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { inviteMember, listMembers } from "@/lib/debate/debates";
import { inviteMemberSchema } from "@/lib/debate/validation";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => listMembers(actor, params.debateId));

export const POST = apiRoute({ auth: true, params: debateParams, body: inviteMemberSchema }, async ({ actor, params, body }) =>
  created({ membership: await inviteMember(actor, params.debateId, body.username, body.side) }),
);
