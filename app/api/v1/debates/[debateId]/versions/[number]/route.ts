import { apiRoute } from "@/lib/http/route";
import { getVersion as readVersion } from "@/lib/server/debate/versions";
import { getVersion } from "@/lib/contracts/debates";

export const GET = apiRoute(getVersion, async ({ actor, params }) => ({ version: await readVersion(actor, params.debateId, params.number) }));
