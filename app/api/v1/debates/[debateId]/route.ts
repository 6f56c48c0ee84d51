import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { getDebate, updateDebate } from "@/lib/debate/debates";
import { updateDebateSchema } from "@/lib/debate/validation";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => ({
  debate: await getDebate(actor, params.debateId),
}));

export const PATCH = apiRoute({ auth: true, params: debateParams, body: updateDebateSchema }, async ({ actor, params, body }) => ({
  debate: await updateDebate(actor, params.debateId, body),
}));
