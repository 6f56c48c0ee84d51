import { apiRoute } from "@/lib/api/route";
import { debateParams } from "@/lib/api/params";
import { listVersions } from "@/lib/debate/versions";

export const GET = apiRoute({ auth: false, params: debateParams }, async ({ actor, params }) => ({
  versions: await listVersions(actor, params.debateId),
}));
