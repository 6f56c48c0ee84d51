import { apiRoute } from "@/lib/http/route";
import { similarCounterexamples as similar } from "@/lib/server/debate/classes";
import { similarCounterexamples } from "@/lib/contracts/classes";

export const GET = apiRoute(similarCounterexamples, async ({ actor, params, query }) => similar(actor, params.debateId, query.q));
