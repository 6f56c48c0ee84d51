import { apiRoute } from "@/lib/http/route";
import { downloadResponse } from "@/lib/http/download";
import { roundResults as results } from "@/lib/server/rounds/service";
import { roundReportMarkdown } from "@/lib/formats/round-report";
import { roundResults } from "@/lib/contracts/rounds";

/** ?format=json|md */
export const GET = apiRoute(roundResults, async ({ actor, params, query }) => {
  const found = await results(actor, params.debateId, params.number);
  if (query.format === "json") return { results: found };
  const report = roundReportMarkdown(JSON.parse(JSON.stringify(found)));
  return downloadResponse(report, "text/markdown", `round-${params.number}-${params.debateId}.md`);
});
