import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { debateOverview } from "@/lib/debate/overview";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => debateOverview(actor, params.debateId));
