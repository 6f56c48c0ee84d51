import { apiRoute } from "@/lib/http/route";
import { enforce, rateRules } from "@/lib/server/auth/rate-limit";
import { resetPasswordWithToken } from "@/lib/server/users/passwords";
import { resetPassword } from "@/lib/contracts/accounts";

// The secret is the credential: no session needed. The account is signed out everywhere.
export const POST = apiRoute(resetPassword, { maxBodyBytes: 8 * 1024 }, async ({ body, ip }) => {
  await enforce(rateRules.resetPasswordPerIp, ip);
  return { user: await resetPasswordWithToken(body.token, body.password) };
});
