import { apiRoute } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { setResolutionMode } from "@/lib/server/empirical/service";
import { setModeSchema } from "@/lib/domain/empirical/validation";

export const PUT = apiRoute({ auth: true, params: nodeParams, body: setModeSchema }, async ({ actor, params, body }) => ({
  node: await setResolutionMode(actor, params.debateId, params.nodeId, body),
}));
