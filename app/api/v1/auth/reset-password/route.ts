import { apiRoute } from "@/lib/http/route";
import { enforce, rateRules } from "@/lib/server/auth/rate-limit";
import { resetPasswordWithToken } from "@/lib/server/users/passwords";
import { resetPasswordSchema } from "@/lib/domain/users/validation";

// The secret is the credential: no session needed. The account is signed out everywhere.
export const POST = apiRoute({ auth: false, body: resetPasswordSchema, maxBodyBytes: 8 * 1024 }, async ({ body, ip }) => {
  await enforce(rateRules.resetPasswordPerIp, ip);
  return resetPasswordWithToken(body.token, body.password);
});
