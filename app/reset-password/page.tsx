import type { Metadata } from "next";
import Link from "next/link";
import { pendingReset } from "@/lib/server/auth/password-reset";
import { INVALID_RESET_LINK } from "@/lib/server/users/passwords";
import { resetTokenSchema } from "@/lib/domain/users/validation";
import { ResetPasswordForm } from "./ResetPasswordForm";

export const metadata: Metadata = { title: "Choose a new password" };

export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const parsed = resetTokenSchema.safeParse(token);
  // Looking the link up does not use it: only setting a password does.
  const reset = parsed.success ? await pendingReset(parsed.data) : null;
  return (
    <div className="panel" style={{ maxWidth: 460, margin: "24px auto" }}>
      <h1>Choose a new password</h1>
      {reset && parsed.success ? (
        <ResetPasswordForm token={parsed.data} username={reset.user.username} />
      ) : (
        <p role="alert" className="form-error">
          {INVALID_RESET_LINK}. <Link href="/forgot-password">Forgot your password?</Link>
        </p>
      )}
    </div>
  );
}
