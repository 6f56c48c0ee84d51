import { apiRoute } from "@/lib/http/route";
import { debateState as read } from "@/lib/server/debate/state";
import { debateState } from "@/lib/contracts/cruxes";

/** ?version=N: the state as of proposal version N (the latest by default). */
export const GET = apiRoute(debateState, async ({ actor, params, query }) => ({ state: await read(actor, params.debateId, query.version) }));
