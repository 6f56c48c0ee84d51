import { apiRoute } from "@/lib/http/route";
import { debatePageData } from "@/lib/server/debate/page-data";
import { getOverview } from "@/lib/contracts/debates";

// Checked outside production: on 10,000 nodes the check costs more than the read (lib/http/route.ts).
export const GET = apiRoute(getOverview, { responseCheck: "outside-production" }, async ({ actor, params }) => debatePageData(actor, params.debateId));
