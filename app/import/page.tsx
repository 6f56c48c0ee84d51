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
        A Builder/Breaker JSON export, an Argdown map, an AIF file (AIFdb, OVA), a Kialo text outline or a pasted discussion thread (reviewed before anything is written) becomes a new debate that you own; what has no exact place in a debate is listed after the import. Its authors
        become imported participants (they cannot sign in); nothing else changes. An exported branch becomes a debate whose
        proposal is the branch&apos;s first move. At most 20 MB.
      </p>
      <div className="panel"><ImportForm /></div>
    </>
  );
}
