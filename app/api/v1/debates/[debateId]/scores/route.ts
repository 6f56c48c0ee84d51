import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { debateBrierScores } from "@/lib/empirical/service";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => debateBrierScores(actor, params.debateId));
