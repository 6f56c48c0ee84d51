import { apiRoute, jsonText } from "@/lib/http/route";
import { matchesValidator, notModified } from "@/lib/http/large-json";
import { debatePageData } from "@/lib/server/debate/page-data";
import { overviewValidator } from "@/lib/server/debate/tree-pages";
import { getOverview } from "@/lib/contracts/debates";

// Checked outside production: on 10,000 nodes the check costs more than the read (lib/http/route.ts).
// An unchanged debate answers 304 without being read (lib/server/debate/tree-pages.ts).
export const GET = apiRoute(getOverview, { responseCheck: "outside-production" }, async ({ actor, params, request }) => {
  const etag = await overviewValidator(actor, params.debateId);
  if (matchesValidator(request, etag)) return notModified(etag);
  return jsonText(await debatePageData(actor, params.debateId), etag);
});
