import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { activityQuery, listActivity } from "@/lib/server/live/activity";

export const GET = apiRoute({ auth: false, params: debateParams, query: activityQuery }, ({ actor, params, query }) =>
  listActivity(actor, params.debateId, query),
);
