import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { getDebate, updateDebate } from "@/lib/server/debate/debates";
import { deleteDebate } from "@/lib/server/debate/lifecycle";
import { updateDebateSchema } from "@/lib/domain/debate/validation";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => ({
  debate: await getDebate(actor, params.debateId),
}));

export const PATCH = apiRoute({ auth: true, params: debateParams, body: updateDebateSchema }, async ({ actor, params, body }) => ({
  debate: await updateDebate(actor, params.debateId, body),
}));

export const DELETE = apiRoute({ auth: true, params: debateParams }, async ({ actor, params }) => ({
  ok: true,
  ...(await deleteDebate(actor, params.debateId)),
}));
