import { apiRoute } from "@/lib/http/route";
import { markCrux as mark, unmarkCrux as unmark } from "@/lib/server/empirical/service";
import { markCrux, unmarkCrux } from "@/lib/contracts/empirical";

export const PUT = apiRoute(markCrux, async ({ actor, params }) => ({ crux: await mark(actor, params.debateId, params.nodeId) }));

export const DELETE = apiRoute(unmarkCrux, async ({ actor, params }) => ({ crux: await unmark(actor, params.debateId, params.nodeId) }));
