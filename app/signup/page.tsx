import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { safeCallbackPath } from "@/lib/domain/auth/redirect";
import { SignUpForm } from "./SignUpForm";

export const metadata: Metadata = { title: "Create an account" };

export const dynamic = "force-dynamic";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const safeCallback = safeCallbackPath(callbackUrl);
  if (await sessionActor()) redirect(safeCallback);
  return (
    <div className="panel" style={{ maxWidth: 460, margin: "24px auto" }}>
      <h1>Create an account</h1>
      <SignUpForm callbackUrl={safeCallback} />
    </div>
  );
}
