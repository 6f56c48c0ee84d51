import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { debatePageData } from "@/lib/server/debate/page-data";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => debatePageData(actor, params.debateId));
