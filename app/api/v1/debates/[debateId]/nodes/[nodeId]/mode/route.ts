import { apiRoute } from "@/lib/http/route";
import { setResolutionMode as setMode } from "@/lib/server/empirical/service";
import { setResolutionMode } from "@/lib/contracts/empirical";

export const PUT = apiRoute(setResolutionMode, async ({ actor, params, body }) => ({
  node: await setMode(actor, params.debateId, params.nodeId, body),
}));
