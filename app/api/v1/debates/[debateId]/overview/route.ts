import { apiRoute } from "@/lib/http/route";
import { debatePageData } from "@/lib/server/debate/page-data";
import { getOverview } from "@/lib/contracts/debates";

export const GET = apiRoute(getOverview, async ({ actor, params }) => debatePageData(actor, params.debateId));
