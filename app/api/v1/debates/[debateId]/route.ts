import { apiRoute } from "@/lib/http/route";
import { getDebate as readDebate, updateDebate as update } from "@/lib/server/debate/debates";
import { deleteDebate as remove } from "@/lib/server/debate/lifecycle";
import { deleteDebate, getDebate, updateDebate } from "@/lib/contracts/debates";

export const GET = apiRoute(getDebate, async ({ actor, params }) => ({ debate: await readDebate(actor, params.debateId) }));

export const PATCH = apiRoute(updateDebate, async ({ actor, params, body }) => ({ debate: await update(actor, params.debateId, body) }));

export const DELETE = apiRoute(deleteDebate, async ({ actor, params }) => remove(actor, params.debateId));
