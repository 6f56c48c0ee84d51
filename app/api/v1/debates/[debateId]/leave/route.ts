import { apiRoute } from "@/lib/http/route";
import { leaveDebate as leave } from "@/lib/server/debate/lifecycle";
import { leaveDebate } from "@/lib/contracts/debates";

export const POST = apiRoute(leaveDebate, async ({ actor, params }) => {
  await leave(actor, params.debateId);
});
