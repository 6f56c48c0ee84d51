import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { idSchema } from "@/lib/debate/validation";
import { readTree } from "@/lib/debate/overview";

export const GET = apiRoute(
  { auth: false, params: debateParams, query: z.object({ root: idSchema.optional() }) },
  async ({ actor, params, query }) => ({ nodes: await readTree(actor, params.debateId, query.root) }),
);
