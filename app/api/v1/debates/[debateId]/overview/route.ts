import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { debatePageData } from "@/lib/debate/page-data";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => debatePageData(actor, params.debateId));
