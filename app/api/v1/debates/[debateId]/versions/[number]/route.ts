import { z } from "zod";
import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { getVersion } from "@/lib/server/debate/versions";

const params = debateParams.extend({ number: z.coerce.number().int().min(1).max(1_000_000) });

export const GET = apiRoute({ auth: false, params }, async ({ actor, params }) => ({
  version: await getVersion(actor, params.debateId, params.number),
}));
