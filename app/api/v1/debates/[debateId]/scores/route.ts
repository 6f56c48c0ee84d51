import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { debateBrierScores } from "@/lib/server/empirical/service";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => debateBrierScores(actor, params.debateId));
