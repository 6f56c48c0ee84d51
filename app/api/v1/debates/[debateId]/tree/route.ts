import { apiRoute, JsonText } from "@/lib/http/route";
import { readTreeResponse } from "@/lib/server/debate/overview";
import { getTree } from "@/lib/contracts/debates";

// The database builds the JSON text; apiRoute checks it outside production (the check would cost more than the read).
export const GET = apiRoute(getTree, { responseCheck: "outside-production" }, async ({ actor, params, query }) => new JsonText(await readTreeResponse(actor, params.debateId, query.root)));
