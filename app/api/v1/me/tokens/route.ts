import { apiRoute, created } from "@/lib/http/route";
import { rateRules } from "@/lib/server/auth/rate-limit";
import { createApiToken, listApiTokens } from "@/lib/server/auth/tokens";
import { createTokenSchema } from "@/lib/domain/users/validation";

export const GET = apiRoute({ auth: true }, async ({ actor }) => ({ tokens: await listApiTokens(actor.id) }));

// The secret is in this response only; it is stored hashed.
export const POST = apiRoute({ auth: true, idempotent: true, body: createTokenSchema, rateLimits: [rateRules.tokensPerUser] }, async ({ actor, body }) =>
  created({ token: await createApiToken(actor.id, body.name) }),
);
