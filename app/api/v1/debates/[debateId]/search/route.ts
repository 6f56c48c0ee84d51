import { apiRoute } from "@/lib/http/route";
import { searchNodes as search } from "@/lib/server/debate/nodes";
import { searchNodes } from "@/lib/contracts/debates";

export const GET = apiRoute(searchNodes, async ({ actor, params, query }) => ({ results: await search(actor, params.debateId, query.q) }));
