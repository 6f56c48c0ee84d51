import { apiRoute } from "@/lib/http/route";
import { debateCruxLedger as read } from "@/lib/server/cruxes/service";
import { debateCruxLedger } from "@/lib/contracts/cruxes";

export const GET = apiRoute(debateCruxLedger, async ({ actor, params }) => read(actor, params.debateId));
