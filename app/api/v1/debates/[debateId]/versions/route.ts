import { apiRoute } from "@/lib/http/route";
import { debateParams } from "@/lib/http/params";
import { listVersions } from "@/lib/server/debate/versions";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => ({
  versions: await listVersions(actor, params.debateId),
}));
