import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { oauthProvidersEnabled } from "@/lib/http/auth-options";
import { safeCallbackPath } from "@/lib/domain/auth/redirect";
import { SignInForm } from "./SignInForm";

export const metadata: Metadata = { title: "Sign in" };

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const safeCallback = safeCallbackPath(callbackUrl);
  if (await sessionActor()) redirect(safeCallback);
  return (
    <div className="panel" style={{ maxWidth: 420, margin: "24px auto" }}>
      <h1>Sign in</h1>
      <SignInForm callbackUrl={safeCallback} providers={oauthProvidersEnabled()} />
    </div>
  );
}
