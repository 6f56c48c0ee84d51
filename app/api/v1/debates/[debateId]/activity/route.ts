import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { activityQuery, listActivity } from "@/lib/live/activity";

export const GET = apiRoute({ auth: false, params: debateParams, query: activityQuery }, ({ actor, params, query }) =>
  listActivity(actor, params.debateId, query),
);
