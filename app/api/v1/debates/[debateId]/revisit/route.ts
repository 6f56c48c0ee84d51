import { apiRoute } from "@/lib/http/route";
import { debateRevisit as readRevisit } from "@/lib/server/debate/branches";
import { debateRevisit } from "@/lib/contracts/debates";

export const GET = apiRoute(debateRevisit, async ({ actor, params, query }) => ({ branches: await readRevisit(actor, params.debateId, query) }));
