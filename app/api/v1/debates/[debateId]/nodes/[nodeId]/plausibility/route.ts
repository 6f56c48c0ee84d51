import { apiRoute } from "@/lib/http/route";
import { plausibilityTimeline as timeline, recordPlausibility as record } from "@/lib/server/debate/classes";
import { plausibilityTimeline, recordPlausibility } from "@/lib/contracts/classes";

export const GET = apiRoute(plausibilityTimeline, async ({ actor, params }) => timeline(actor, params.debateId, params.nodeId));

export const POST = apiRoute(recordPlausibility, async ({ actor, params, body }) => ({
  estimate: await record(actor, params.debateId, params.nodeId, body),
}));
