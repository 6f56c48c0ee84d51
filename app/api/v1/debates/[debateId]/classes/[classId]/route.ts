import { apiRoute } from "@/lib/http/route";
import { updateClass as update } from "@/lib/server/debate/classes";
import { updateClass } from "@/lib/contracts/classes";

export const PATCH = apiRoute(updateClass, async ({ actor, params, body }) => ({ class: await update(actor, params.debateId, params.classId, body) }));
