import { apiRoute } from "@/lib/http/route";
import { listActivity as readActivity } from "@/lib/server/live/activity";
import { listActivity } from "@/lib/contracts/live";

export const GET = apiRoute(listActivity, ({ actor, params, query }) => readActivity(actor, params.debateId, query));
