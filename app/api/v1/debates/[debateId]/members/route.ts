import { apiRoute } from "@/lib/http/route";
import { inviteMember as invite, listMembers as readMembers } from "@/lib/server/debate/debates";
import { inviteMember, listMembers } from "@/lib/contracts/debates";

export const GET = apiRoute(listMembers, async ({ actor, params }) => readMembers(actor, params.debateId));

export const POST = apiRoute(inviteMember, async ({ actor, params, body }) => ({
  membership: await invite(actor, params.debateId, body.username, body.side),
}));
