import { apiRoute } from "@/lib/http/route";
import { switchSide as switchTo } from "@/lib/server/debate/debates";
import { switchSide } from "@/lib/contracts/debates";

export const PUT = apiRoute(switchSide, async ({ actor, params, body }) => ({ membership: await switchTo(actor, params.debateId, body.side) }));
