import { apiRoute } from "@/lib/http/route";
import { rateRules } from "@/lib/server/auth/rate-limit";
import { createApiToken, listApiTokens } from "@/lib/server/auth/tokens";
import { createToken, listTokens } from "@/lib/contracts/accounts";

export const GET = apiRoute(listTokens, async ({ actor }) => ({ tokens: await listApiTokens(actor.id) }));

// The secret is in this response only; it is stored hashed.
export const POST = apiRoute(createToken, { rateLimits: [rateRules.tokensPerUser] }, async ({ actor, body }) => ({ token: await createApiToken(actor.id, body.name) }));
