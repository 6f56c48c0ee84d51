// Self-service "forgot password" (only with SMTP_URL): mails a one-time reset link
// (lib/server/auth/password-reset.ts) to the account's address. Nothing here tells the
// caller whether the account exists: the route answers the same either way and runs
// this after the response; the per-account limit drops extra requests silently.

import "server-only";
import { createPasswordReset, resetLink, RESET_TTL_SECONDS } from "@/lib/server/auth/password-reset";
import { hit, rateRules } from "@/lib/server/auth/rate-limit";
import { findUserByLogin } from "@/lib/server/users/service";
import { passwordResetMail } from "@/lib/domain/mail/messages";
import { publicBaseUrl, sendMail } from "@/lib/server/mail/transport";

/** The one answer "forgot password" gives, whatever happened. */
export const FORGOT_ANSWER = "If that account exists and has an email address, a reset link is on its way. It works once, within an hour.";

export type ForgotOutcome = "sent" | "no-account" | "no-email" | "limited";

export async function mailPasswordReset(login: string): Promise<ForgotOutcome> {
  const user = await findUserByLogin(login);
  if (!user) return "no-account";
  if (!user.email) return "no-email";
  if ((await hit(rateRules.forgotPasswordPerAccount, user.id)).limited) return "limited";
  const { secret } = await createPasswordReset(user.id);
  await sendMail({
    to: user.email,
    ...passwordResetMail({ username: user.username, link: resetLink(publicBaseUrl(), secret), expiresInMinutes: RESET_TTL_SECONDS / 60 }),
  });
  return "sent";
}
