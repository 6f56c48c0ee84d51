import { apiRoute } from "@/lib/http/route";
import { createDebate as create, listDebates as readDebates } from "@/lib/server/debate/debates";
import { createDebate, listDebates } from "@/lib/contracts/debates";

export const GET = apiRoute(listDebates, async ({ actor, query }) => ({ debates: await readDebates(actor, query.scope, query.q, query.limit) }));

export const POST = apiRoute(createDebate, { maxBodyBytes: 128 * 1024 }, async ({ actor, body }) => ({ debate: await create(actor, body) }));
