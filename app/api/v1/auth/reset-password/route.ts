import { apiRoute } from "@/lib/api/route";
import { enforce, rateRules } from "@/lib/auth/rate-limit";
import { resetPasswordWithToken } from "@/lib/users/passwords";
import { resetPasswordSchema } from "@/lib/users/validation";

// The secret is the credential: no session needed. The account is signed out everywhere.
export const POST = apiRoute({ auth: false, body: resetPasswordSchema, maxBodyBytes: 8 * 1024 }, async ({ body, ip }) => {
  await enforce(rateRules.resetPasswordPerIp, ip);
  return resetPasswordWithToken(body.token, body.password);
});
