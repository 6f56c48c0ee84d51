import { apiRoute } from "@/lib/http/route";
import { debateBrierScores } from "@/lib/server/empirical/service";
import { debateScores } from "@/lib/contracts/empirical";

export const GET = apiRoute(debateScores, async ({ actor, params }) => debateBrierScores(actor, params.debateId));
