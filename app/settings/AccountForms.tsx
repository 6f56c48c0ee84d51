"use client";
import { useState, type FormEvent } from "react";
import { signOut } from "next-auth/react";
import { z } from "zod";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import { changePassword, revokeAllSessions, revokeSession, setEmailDigest, type SessionView } from "@/lib/contracts/accounts";
import { Field } from "@/app/components/Field";
import { changePasswordSchema } from "@/lib/domain/users/validation";

type FieldErrors = Record<string, string[] | undefined>;

export function ChangePasswordForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = Object.fromEntries(new FormData(form)) as Record<string, string>;
    setStatus(null);
    const parsed = changePasswordSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const { endedSessions } = await callApi(changePassword, { body: parsed.data });
      form.reset();
      setStatus(`Password changed. ${endedSessions === 1 ? "1 other session was" : `${endedSessions} other sessions were`} signed out.`);
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length) setErrors(error.fieldErrors);
      else setErrors({ form: [errorText(error)] });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-label="Change password">
      {errors.form ? <p role="alert" className="form-error">{errors.form.join(" ")}</p> : null}
      <Field id="currentPassword" label="Current password" errors={errors.currentPassword}>
        <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" />
      </Field>
      <Field id="newPassword" label="New password" errors={errors.newPassword} hint="At least 10 characters; a few uncommon words work well.">
        <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" />
      </Field>
      <div className="row">
        <button type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</button>
        {status ? <span role="status" className="small">{status}</span> : null}
      </div>
    </form>
  );
}

export type { SessionView };

export function SessionList({ initial }: { initial: SessionView[] }) {
  const [sessions, setSessions] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  async function endOne(id: string) {
    try {
      await callApi(revokeSession, { params: { sessionId: id } });
      setSessions(sessions.filter((s) => s.id !== id));
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function everywhere() {
    try {
      await callApi(revokeAllSessions);
      // This browser's session ended too: clear its cookie and go to the sign-in page.
      await signOut({ callbackUrl: "/signin" });
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className="stack">
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <table className="grid">
        <thead><tr><th>Browser</th><th>Signed in</th><th>Last seen</th><th /></tr></thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{s.userAgent || "unknown browser"}{s.current ? <strong> (this browser)</strong> : null}</td>
              <td>{new Date(s.createdAt).toLocaleString()}</td>
              <td>{new Date(s.lastSeenAt).toLocaleString()}</td>
              <td>{s.current ? null : <button type="button" className="secondary" onClick={() => void endOne(s.id)}>Sign out this session</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <button type="button" onClick={() => void everywhere()}>Sign out everywhere</button>
      </div>
    </div>
  );
}

export function EmailDigestToggle({ initial, hasEmail }: { initial: boolean; hasEmail: boolean }) {
  const [enabled, setEnabled] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  async function toggle(next: boolean) {
    try {
      const result = await callApi(setEmailDigest, { body: { emailDigest: next } });
      setEnabled(result.emailDigest);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div className="stack">
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <label className="row">
        <input type="checkbox" checked={enabled} disabled={!hasEmail} onChange={(e) => void toggle(e.target.checked)} />
        <span>Mail me a digest of unread notifications</span>
      </label>
      {hasEmail ? null : <p className="small muted">Your account has no email address, so no digest can be sent.</p>}
    </div>
  );
}
