import { apiRoute } from "@/lib/api/route";
import { nodeParams } from "@/lib/api/params";
import { setResolutionMode } from "@/lib/empirical/service";
import { setModeSchema } from "@/lib/empirical/validation";

export const PUT = apiRoute({ auth: true, params: nodeParams, body: setModeSchema }, async ({ actor, params, body }) => ({
  node: await setResolutionMode(actor, params.debateId, params.nodeId, body),
}));
