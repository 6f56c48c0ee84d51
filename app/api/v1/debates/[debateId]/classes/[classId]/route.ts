import { apiRoute } from "@/lib/http/route";
import { deleteClass as remove, updateClass as update } from "@/lib/server/debate/classes";
import { deleteClass, updateClass } from "@/lib/contracts/classes";

export const PATCH = apiRoute(updateClass, async ({ actor, params, body }) => ({ class: await update(actor, params.debateId, params.classId, body) }));
export const DELETE = apiRoute(deleteClass, async ({ actor, params }) => {
  await remove(actor, params.debateId, params.classId);
});
