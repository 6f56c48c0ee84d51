import { after } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { enforce, rateRules } from "@/lib/server/auth/rate-limit";
import { AppError } from "@/lib/domain/errors";
import { FORGOT_ANSWER, mailPasswordReset } from "@/lib/server/mail/forgot-password";
import { mailEnabled } from "@/lib/server/mail/transport";
import { forgotPassword } from "@/lib/contracts/accounts";

/**
 * Always the same answer, sent before any account lookup: the lookup, the token and the
 * mail run after the response, so neither the body nor the timing tells whether the account exists.
 */
export const POST = apiRoute(forgotPassword, { maxBodyBytes: 4 * 1024 }, async ({ body, ip }) => {
  if (!mailEnabled()) throw new AppError("NOT_FOUND", "Password reset by email is not enabled on this server: ask its administrator for a reset link");
  await enforce(rateRules.forgotPasswordPerIp, ip);
  after(() =>
    mailPasswordReset(body.login).catch((error: unknown) => console.error("[forgot-password] could not send the reset mail", error)),
  );
  return { message: FORGOT_ANSWER };
});
