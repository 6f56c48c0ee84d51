import { apiRoute } from "@/lib/http/route";
import { createLink as create } from "@/lib/server/debate/links";
import { createLink } from "@/lib/contracts/links";

export const POST = apiRoute(createLink, async ({ actor, params, body }) => ({ link: await create(actor, params.debateId, body) }));
