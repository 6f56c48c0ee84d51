"use client";
import { useState, type FormEvent } from "react";
import { callApi, errorText } from "@/lib/client/api";
import { forgotPassword } from "@/lib/contracts/accounts";
import { Field } from "@/app/components/Field";

export function ForgotPasswordForm() {
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const login = String(new FormData(event.currentTarget).get("login") ?? "").trim();
    if (!login) {
      setError("Enter your username or email");
      return;
    }
    setPending(true);
    setError(null);
    try {
      setMessage((await callApi(forgotPassword, { body: { login } })).message);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  }
  if (message) return <p role="status" className="success">{message}</p>;
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <Field id="login" label="Username or email">
        <input id="login" name="login" autoComplete="username" />
      </Field>
      <button type="submit" disabled={pending}>{pending ? "Sending…" : "Mail me a reset link"}</button>
    </form>
  );
}
