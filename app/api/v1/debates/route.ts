import { apiRoute, created } from "@/lib/http/route";
import { createDebate, listDebates } from "@/lib/server/debate/debates";
import { createDebateSchema, debateListQuerySchema } from "@/lib/domain/debate/validation";

export const GET = apiRoute({ auth: false, query: debateListQuerySchema }, async ({ actor, query }) => ({
  debates: await listDebates(actor, query.scope, query.q, query.limit),
}));

export const POST = apiRoute({ auth: true, idempotent: true, body: createDebateSchema, maxBodyBytes: 128 * 1024 }, async ({ actor, body }) =>
  created({ debate: await createDebate(actor, body) }),
);
