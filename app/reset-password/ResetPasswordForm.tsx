"use client";
import { useState, type FormEvent } from "react";
import Link from "next/link";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import { resetPassword } from "@/lib/contracts/accounts";
import { Field } from "@/app/components/Field";
import { passwordSchema } from "@/lib/domain/users/validation";

export function ResetPasswordForm({ token, username }: { token: string; username: string }) {
  const [errors, setErrors] = useState<string[] | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    const parsed = passwordSchema.safeParse(password);
    setFormError(null);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => i.message));
      return;
    }
    setErrors(undefined);
    setPending(true);
    try {
      await callApi(resetPassword, { body: { token, password } });
      setDone(true);
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.password) setErrors(error.fieldErrors.password);
      else setFormError(errorText(error));
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <p role="status" className="success">
        Your password is changed and every session of the account was signed out. <Link href="/signin">Sign in</Link>
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <p className="small muted">For the account <strong>{username}</strong>. This link works once.</p>
      {formError ? <p role="alert" className="form-error">{formError}</p> : null}
      <Field id="password" label="New password" errors={errors} hint="At least 10 characters; a few uncommon words work well.">
        <input id="password" name="password" type="password" autoComplete="new-password" />
      </Field>
      <button type="submit" disabled={pending}>{pending ? "Saving…" : "Set new password"}</button>
    </form>
  );
}
