import { apiRoute } from "@/lib/http/route";
import { applyResolution as apply } from "@/lib/server/empirical/service";
import { applyResolution } from "@/lib/contracts/empirical";

/** { action: "RESOLVE", outcome, summary, evidence } | { action: "DISPUTE" | "REOPEN", summary, evidence } */
export const POST = apiRoute(applyResolution, { maxBodyBytes: 64 * 1024 }, async ({ actor, params, body }) => {
  const { event, ...rest } = await apply(actor, params.debateId, params.nodeId, body);
  return { resolutionEvent: event, ...rest };
});
