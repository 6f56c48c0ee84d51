import { apiRoute, JsonText } from "@/lib/http/route";
import { matchesValidator, notModified } from "@/lib/http/large-json";
import { debatePageJson } from "@/lib/server/debate/page-data";
import { overviewValidator } from "@/lib/server/debate/tree-pages";
import { getOverview } from "@/lib/contracts/debates";

// Checked outside production: on 10,000 nodes the check costs more than the read (lib/http/route.ts).
// An unchanged debate answers 304 without being read (lib/server/debate/tree-pages.ts); an answer
// whose analyses are still pending carries no validator, so it is never taken for the final one.
export const GET = apiRoute(getOverview, { responseCheck: "outside-production" }, async ({ actor, params, query, request }) => {
  const analysis = query.analysis ?? "wait";
  const etag = await overviewValidator(actor, params.debateId, analysis);
  if (matchesValidator(request, etag)) return notModified(etag);
  const page = await debatePageJson(actor, params.debateId, { analysis });
  return new JsonText(page.parts, page.analysisPending ? undefined : etag);
});
