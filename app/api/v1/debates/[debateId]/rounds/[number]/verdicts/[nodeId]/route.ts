import { apiRoute } from "@/lib/http/route";
import { recordVerdict as record } from "@/lib/server/rounds/service";
import { recordVerdict } from "@/lib/contracts/rounds";

export const PUT = apiRoute(recordVerdict, async ({ actor, params, body }) => ({
  verdict: await record(actor, params.debateId, params.number, params.nodeId, body),
}));
