"use client";
import { useState, type FormEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { z } from "zod";
import { signUpSchema } from "@/lib/domain/users/validation";
import { ApiError, callApi } from "@/lib/client/api";
import { signUp } from "@/lib/contracts/accounts";
import { Field } from "@/app/components/Field";
import { safeCallbackPath, withCallbackUrl } from "@/lib/domain/auth/redirect";

type FieldErrors = Record<string, string[] | undefined>;

/** `callbackUrl`: a safe path (safeCallbackPath) where the new account lands, as after signing in. */
export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const router = useRouter();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const parsed = signUpSchema.safeParse(values);
    setFormError(null);
    if (!parsed.success) {
      setFieldErrors(z.flattenError(parsed.error).fieldErrors);
      return;
    }
    setFieldErrors({});
    setPending(true);
    try {
      await callApi(signUp, { body: parsed.data });
      const result = await signIn("credentials", { login: parsed.data.username, password: parsed.data.password, redirect: false });
      if (!result || result.error) throw new Error(result?.error ?? "Account created, but signing in failed; try the sign-in page");
      // The header is a server component: refresh re-renders it with the new session.
      router.push(safeCallbackPath(callbackUrl));
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length) setFieldErrors(error.fieldErrors);
      else setFormError(error instanceof Error ? error.message : "Sign-up failed");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {formError ? <p role="alert" className="form-error">{formError}</p> : null}
      <Field id="username" label="Username" errors={fieldErrors.username} hint="3–32 letters, digits, _ or -">
        <input id="username" name="username" autoComplete="username" />
      </Field>
      <Field id="email" label="Email (optional)" errors={fieldErrors.email}>
        <input id="email" name="email" type="email" autoComplete="email" />
      </Field>
      <Field id="displayName" label="Display name (optional)" errors={fieldErrors.displayName}>
        <input id="displayName" name="displayName" autoComplete="name" />
      </Field>
      <Field id="password" label="Password" errors={fieldErrors.password} hint="At least 10 characters; not a common password">
        <input id="password" name="password" type="password" autoComplete="new-password" />
      </Field>
      <button type="submit" disabled={pending}>{pending ? "Creating account…" : "Sign up"}</button>
      <p className="small muted">Already have an account? <Link href={withCallbackUrl("/signin", callbackUrl)}>Sign in</Link></p>
    </form>
  );
}
