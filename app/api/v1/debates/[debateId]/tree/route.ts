import { apiRoute, JsonText } from "@/lib/http/route";
import { readTreeResponse } from "@/lib/server/debate/overview";
import { getTree } from "@/lib/contracts/debates";

// The database builds the JSON text; apiRoute checks it like any other answer.
export const GET = apiRoute(getTree, async ({ actor, params, query }) => new JsonText(await readTreeResponse(actor, params.debateId, query.root)));
