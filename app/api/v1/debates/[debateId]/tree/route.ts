import { z } from "zod";
import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { idSchema } from "@/lib/domain/debate/validation";
import { readTreeResponse } from "@/lib/server/debate/overview";

export const GET = apiRoute(
  { auth: false, params: debateParams, query: z.object({ root: idSchema.optional() }) },
  async ({ actor, params, query }) =>
    new Response(await readTreeResponse(actor, params.debateId, query.root), {
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    }),
);
