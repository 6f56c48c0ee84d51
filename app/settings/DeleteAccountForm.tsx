"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import { deleteMe } from "@/lib/contracts/accounts";
import { Field } from "@/app/components/Field";

/**
 * Settings → Delete my account. Owners of debates see them listed and must hand
 * them on or delete them first; the server checks again.
 */
export function DeleteAccountForm({ hasPassword, ownedDebates }: { hasPassword: boolean; ownedDebates: { id: string; title: string }[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  if (ownedDebates.length > 0) {
    return (
      <div data-testid="delete-account-blocked">
        <p className="small">You own {ownedDebates.length === 1 ? "this debate" : "these debates"}. Before you can delete your account, make another member the owner (on the debate&apos;s members page) or delete the debate (in its settings):</p>
        <ul>
          {ownedDebates.map((d) => (
            <li key={d.id}><a href={`/debates/${d.id}/members`}>{d.title}</a></li>
          ))}
        </ul>
      </div>
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    if (!window.confirm("Delete your account for good? This cannot be undone.")) return;
    setPending(true);
    try {
      await callApi(deleteMe, {
        body: { ...(hasPassword ? { password: String(data.get("password") ?? "") } : {}), removeMoves: data.get("removeMoves") === "on" },
      });
      // The session no longer resolves to anyone; clear the cookie too, then leave.
      await signOut({ redirect: false });
      router.push("/");
      router.refresh();
    } catch (error) {
      setErrors(error instanceof ApiError ? error.fieldErrors : {});
      setFormError(errorText(error));
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-label="Delete my account">
      <p className="small">
        Your name, email, password, sign-in links, tokens and notifications are removed and you are signed out everywhere. Your moves
        stay in their debates, shown as written by <strong>deleted user</strong>, so the arguments others answered still make sense.
      </p>
      <label className="small" style={{ display: "flex", gap: 8, alignItems: "flex-start", fontWeight: 400 }}>
        <input type="checkbox" name="removeMoves" style={{ marginTop: 3 }} />
        <span>
          <strong>Also remove my moves that nothing depends on</strong>: no replies, not a proposal version, not answered by a patch or
          named as a duplicate, and no predictions, crux marks, estimates or resolutions by anyone else. The others stay, as
          &ldquo;deleted user&rdquo;.
        </span>
      </label>
      {hasPassword ? (
        <Field id="delete-password" label="Your password, to confirm" errors={errors.password}>
          <input id="delete-password" name="password" type="password" autoComplete="current-password" />
        </Field>
      ) : null}
      {formError && !errors.password ? <p role="alert" className="form-error">{formError}</p> : null}
      <div>
        <button type="submit" className="danger" disabled={pending}>Delete my account</button>
      </div>
    </form>
  );
}
