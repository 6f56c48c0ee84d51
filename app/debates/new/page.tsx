import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { NewDebateForm } from "./NewDebateForm";

export const metadata: Metadata = { title: "Start a debate" };

export const dynamic = "force-dynamic";

export default async function NewDebatePage() {
  if (!(await sessionActor())) redirect("/signin?callbackUrl=/debates/new");
  return (
    <>
      <h1>Start a debate</h1>
      <div className="panel"><NewDebateForm /></div>
    </>
  );
}
