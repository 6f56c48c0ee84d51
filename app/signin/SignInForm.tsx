"use client";
import { useState, type FormEvent } from "react";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { safeCallbackPath, withCallbackUrl } from "@/lib/domain/auth/redirect";

export function SignInForm({ callbackUrl: requested, providers }: { callbackUrl: string; providers: { id: string; name: string }[] }) {
  // The page passes a safe path already; checked again here so the form is safe whoever renders it.
  const callbackUrl = safeCallbackPath(requested);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      login: String(form.get("login") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Invalid username/email or password");
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <div>
        <label htmlFor="login">Username or email</label>
        <input id="login" name="login" autoComplete="username" required />
      </div>
      <div>
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" disabled={pending}>{pending ? "Signing in…" : "Sign in"}</button>
      {providers.map((p) => (
        <button key={p.id} type="button" className="secondary" onClick={() => void signIn(p.id, { callbackUrl })}>
          Sign in with {p.name}
        </button>
      ))}
      <p className="small muted">No account? <Link href={withCallbackUrl("/signup", callbackUrl)}>Sign up</Link> · <Link href="/forgot-password">Forgot your password?</Link></p>
    </form>
  );
}
