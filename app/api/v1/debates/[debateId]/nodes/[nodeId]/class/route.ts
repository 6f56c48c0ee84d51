import { apiRoute } from "@/lib/http/route";
import { classifyCounterexample as classify } from "@/lib/server/debate/classes";
import { classifyCounterexample } from "@/lib/contracts/classes";

export const PUT = apiRoute(classifyCounterexample, async ({ actor, params, body }) => ({
  classification: await classify(actor, params.debateId, params.nodeId, body),
}));
