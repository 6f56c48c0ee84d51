"use client";
import { useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "@/app/components/api-client";
import { Field } from "@/app/components/Field";

export function ProfileForm({ displayName }: { displayName: string }) {
  const [errors, setErrors] = useState<string[] | undefined>();
  const [saved, setSaved] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("displayName") ?? "");
    setSaved(false);
    try {
      await api("/api/v1/me", { method: "PATCH", body: { displayName: value } });
      setErrors(undefined);
      setSaved(true);
    } catch (error) {
      setErrors(error instanceof ApiError ? error.fieldErrors.displayName ?? [error.message] : [errorText(error)]);
    }
  }
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <Field id="displayName" label="Display name" errors={errors}>
        <input id="displayName" name="displayName" defaultValue={displayName} />
      </Field>
      <div className="row">
        <button type="submit">Save profile</button>
        {saved ? <span role="status" className="small">Saved.</span> : null}
      </div>
    </form>
  );
}

interface TokenView { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

export function TokenManager({ initial }: { initial: TokenView[] }) {
  const [tokens, setTokens] = useState(initial);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get("tokenName") ?? "");
    try {
      const { token } = await api<{ token: TokenView & { secret: string } }>("/api/v1/me/tokens", { body: { name } });
      setSecret(token.secret);
      setTokens([{ ...token, revokedAt: null, lastUsedAt: null }, ...tokens]);
      setError(null);
      formElement.reset();
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function revoke(id: string) {
    try {
      await api(`/api/v1/me/tokens/${id}`, { method: "DELETE" });
      setTokens(tokens.map((t) => (t.id === id ? { ...t, revokedAt: new Date().toISOString() } : t)));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className="stack">
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      {secret ? (
        <div className="success" role="status">
          Copy this token now; it will not be shown again: <code data-testid="new-token">{secret}</code>
        </div>
      ) : null}
      <form onSubmit={create} className="row">
        <label htmlFor="tokenName" className="sr-only">Token name</label>
        <input id="tokenName" name="tokenName" placeholder="Token name, e.g. analysis script" style={{ maxWidth: 320 }} />
        <button type="submit">Create token</button>
      </form>
      <table className="grid">
        <thead><tr><th>Name</th><th>Starts with</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr></thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td><code>{t.prefix}…</code></td>
              <td>{new Date(t.createdAt).toLocaleString()}</td>
              <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
              <td>{t.revokedAt ? "revoked" : "active"}</td>
              <td>{t.revokedAt ? null : <button type="button" className="secondary" onClick={() => void revoke(t.id)}>Revoke {t.name}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
