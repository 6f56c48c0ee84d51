import { apiRoute } from "@/lib/http/route";
import { setStandingRule as set } from "@/lib/server/debate/classes";
import { setStandingRule } from "@/lib/contracts/classes";

export const PUT = apiRoute(setStandingRule, async ({ actor, params, body }) => ({ rule: await set(actor, params.debateId, body) }));
