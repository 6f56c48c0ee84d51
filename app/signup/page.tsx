import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/auth/actor";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { SignUpForm } from "./SignUpForm";

export const dynamic = "force-dynamic";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await sessionActor()) redirect("/");
  // Where to go once signed up, e.g. back to an invite link (same-origin paths only).
  const { callbackUrl } = await searchParams;
  return (
    <div className="panel" style={{ maxWidth: 460, margin: "24px auto" }}>
      <h1>Create an account</h1>
      <SignUpForm callbackUrl={safeCallbackPath(callbackUrl)} />
    </div>
  );
}
