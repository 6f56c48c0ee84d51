import { apiRoute } from "@/lib/http/route";
import { deleteLink as remove } from "@/lib/server/debate/links";
import { deleteLink } from "@/lib/contracts/links";

export const DELETE = apiRoute(deleteLink, async ({ actor, params }) => {
  await remove(actor, params.debateId, params.linkId);
});
