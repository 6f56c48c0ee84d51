import { apiRoute } from "@/lib/http/route";
import { createClass as create, listClasses as list } from "@/lib/server/debate/classes";
import { createClass, listClasses } from "@/lib/contracts/classes";

export const GET = apiRoute(listClasses, async ({ actor, params }) => list(actor, params.debateId));

export const POST = apiRoute(createClass, async ({ actor, params, body }) => ({ class: await create(actor, params.debateId, body) }));
