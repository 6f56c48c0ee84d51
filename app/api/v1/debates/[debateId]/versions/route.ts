import { apiRoute } from "@/lib/http/route";
import { listVersions as readVersions } from "@/lib/server/debate/versions";
import { listVersions } from "@/lib/contracts/debates";

export const GET = apiRoute(listVersions, async ({ actor, params }) => ({ versions: await readVersions(actor, params.debateId) }));
