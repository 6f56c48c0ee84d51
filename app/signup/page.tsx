import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/auth/actor";
import { SignUpForm } from "./SignUpForm";

export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  if (await sessionActor()) redirect("/");
  return (
    <div className="panel" style={{ maxWidth: 460, margin: "24px auto" }}>
      <h1>Create an account</h1>
      <SignUpForm />
    </div>
  );
}
