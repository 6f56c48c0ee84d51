import { apiRoute } from "@/lib/http/route";
import { acceptRebuttal as accept } from "@/lib/server/debate/nodes";
import { acceptRebuttal } from "@/lib/contracts/nodes";

export const POST = apiRoute(acceptRebuttal, async ({ actor, params }) => {
  await accept(actor, params.debateId, params.nodeId);
});
