"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import { createDebate } from "@/lib/contracts/debates";
import type { BodyOf } from "@/lib/contracts/define";
import { Field } from "@/app/components/Field";

export function NewDebateForm() {
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const router = useRouter();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const links = String(form.get("links") ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .map((url) => ({ label: "", url }));
    setPending(true);
    try {
      const { debate } = await callApi(createDebate, {
        // The selects offer only valid values; the server checks every field.
        body: {
          title: String(form.get("title") ?? ""),
          proposal: String(form.get("proposal") ?? ""),
          context: String(form.get("context") ?? ""),
          links,
          visibility: String(form.get("visibility") ?? "PUBLIC"),
          playMode: String(form.get("playMode") ?? "OPEN"),
          side: String(form.get("side") ?? "BUILDER"),
        } as BodyOf<typeof createDebate>,
      });
      router.push(`/debates/${debate.id}`);
    } catch (error) {
      setPending(false);
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length) {
        setErrors(error.fieldErrors);
        setFormError("Some fields need attention");
      } else setFormError(errorText(error));
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {formError ? <p role="alert" className="form-error">{formError}</p> : null}
      <Field id="title" label="Title" errors={errors.title}><input id="title" name="title" maxLength={200} /></Field>
      <Field id="proposal" label="Proposal (Markdown)" errors={errors.proposal} hint="The plan under test. Patches create new versions of it.">
        <textarea id="proposal" name="proposal" rows={8} />
      </Field>
      <Field id="context" label="Context (optional)" errors={errors.context}><textarea id="context" name="context" rows={3} /></Field>
      <Field id="links" label="Links (optional, one URL per line)" errors={errors.links}><textarea id="links" name="links" rows={2} /></Field>
      <div className="row">
        <div>
          <label htmlFor="visibility">Visibility</label>
          <select id="visibility" name="visibility" defaultValue="PUBLIC">
            <option value="PUBLIC">Public: listed, anyone can read</option>
            <option value="UNLISTED">Unlisted: anyone with the link</option>
            <option value="PRIVATE">Private: members only</option>
          </select>
        </div>
        <div>
          <label htmlFor="playMode">Turns</label>
          <select id="playMode" name="playMode" defaultValue="OPEN">
            <option value="OPEN">Open play</option>
            <option value="STRICT">Strict: only Breakers post counterexamples, only Builders patch</option>
          </select>
        </div>
        <div>
          <label htmlFor="side">Your side</label>
          <select id="side" name="side" defaultValue="BUILDER">
            <option value="BUILDER">Builder</option>
            <option value="BREAKER">Breaker</option>
            <option value="OBSERVER">Observer</option>
          </select>
        </div>
      </div>
      <button type="submit" disabled={pending}>{pending ? "Creating…" : "Create debate"}</button>
    </form>
  );
}
