import { apiRoute } from "@/lib/http/route";
import { nodeParams } from "@/lib/http/params";
import { markCrux, unmarkCrux } from "@/lib/server/empirical/service";

export const PUT = apiRoute({ auth: true, params: nodeParams }, async ({ actor, params }) => ({
  crux: await markCrux(actor, params.debateId, params.nodeId),
}));

export const DELETE = apiRoute({ auth: true, params: nodeParams }, async ({ actor, params }) => ({
  crux: await unmarkCrux(actor, params.debateId, params.nodeId),
}));
