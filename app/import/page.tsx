import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { ImportForm } from "./ImportForm";

export const metadata: Metadata = { title: "Import a debate" };

export const dynamic = "force-dynamic";

export default async function ImportPage() {
  if (!(await sessionActor())) redirect("/signin?callbackUrl=/import");
  return (
    <>
      <h1>Import a debate</h1>
      <p className="muted">
        A Builder/Breaker JSON export, an Argdown file or a Kialo text outline becomes a new debate that you own. Its authors
        become imported participants (they cannot sign in); nothing else changes. An exported branch becomes a debate whose
        proposal is the branch&apos;s first move. At most 20 MB.
      </p>
      <div className="panel"><ImportForm /></div>
    </>
  );
}
