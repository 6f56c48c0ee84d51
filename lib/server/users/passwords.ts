// Changing and resetting a password. Both check the new password as sign-up does
// (zod's length rules at the boundary, zxcvbn here), store a current-cost hash and end
// the account's other sessions (lib/server/auth/sessions.ts). API tokens are not touched.

import "server-only";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/domain/errors";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { consumeReset, pendingReset } from "@/lib/server/auth/password-reset";
import { enforce, rateRules } from "@/lib/server/auth/rate-limit";
import { revokeAllSessions } from "@/lib/server/auth/sessions";
import { assertStrongPassword } from "@/lib/domain/users/password-strength";

const fieldError = (field: string, message: string) =>
  new AppError("VALIDATION", message, { details: { formErrors: [], fieldErrors: { [field]: [message] } } });

/**
 * Changes the password of `userId` after checking the current one, then signs out
 * every other session (`keepSessionId`: the browser that made the change stays in).
 * Returns how many sessions were ended.
 */
export async function changePassword(
  userId: string,
  input: { currentPassword: string; newPassword: string },
  keepSessionId?: string,
): Promise<{ endedSessions: number }> {
  await enforce(rateRules.passwordChangePerUser, userId);
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { username: true, email: true, displayName: true, passwordHash: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "No such user");
  if (!user.passwordHash) {
    throw fieldError("currentPassword", "This account has no password (it signs in with GitHub or Google); ask the administrator for a reset link to set one");
  }
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw fieldError("currentPassword", "Your current password is not correct");
  }
  if (input.newPassword === input.currentPassword) throw fieldError("newPassword", "The new password is the same as the current one");
  assertStrongPassword(input.newPassword, user, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  return db().$transaction(async (tx) => {
    // Only if nobody changed it meanwhile: the check above was against this hash.
    const { count } = await tx.user.updateMany({ where: { id: userId, passwordHash: user.passwordHash }, data: { passwordHash } });
    if (count !== 1) throw new AppError("CONFLICT", "Your password was changed at the same time elsewhere; try again");
    return { endedSessions: await revokeAllSessions(userId, { except: keepSessionId }, tx) };
  });
}

export const INVALID_RESET_LINK = "This reset link is invalid, already used or expired: ask for a new one";

/** Sets a new password from a one-time reset secret and signs the account out everywhere. */
export async function resetPasswordWithToken(secret: string, newPassword: string): Promise<{ username: string }> {
  const reset = await pendingReset(secret);
  if (!reset) throw new AppError("VALIDATION", INVALID_RESET_LINK);
  // A weak password is refused before the link is used up, so the user can try again.
  assertStrongPassword(newPassword, reset.user);
  const passwordHash = await hashPassword(newPassword);
  await db().$transaction(async (tx) => {
    if (!(await consumeReset(tx, reset.id))) throw new AppError("VALIDATION", INVALID_RESET_LINK);
    await tx.user.update({ where: { id: reset.user.id }, data: { passwordHash }, select: { id: true } });
    await revokeAllSessions(reset.user.id, {}, tx);
  });
  return { username: reset.user.username };
}
