import type { Metadata } from "next";
import { mailEnabled } from "@/lib/server/mail/transport";
import { ForgotPasswordForm } from "./ForgotPasswordForm";

export const metadata: Metadata = { title: "Forgot your password?" };

export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  return (
    <div className="panel" style={{ maxWidth: 460, margin: "24px auto" }}>
      <h1>Forgot your password?</h1>
      {mailEnabled() ? (
        <ForgotPasswordForm />
      ) : (
        <p>
          This server sends no mail. Ask its administrator for a one-time reset link: they run{" "}
          <code>npm run user -- reset-password &lt;your username&gt;</code> and send you the link it prints.
        </p>
      )}
    </div>
  );
}
