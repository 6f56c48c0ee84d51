"use client";
import { useState, type FormEvent } from "react";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import { createToken, revokeToken, updateMe, type TokenView } from "@/lib/contracts/accounts";
import { Field } from "@/app/components/Field";

export function ProfileForm({ displayName }: { displayName: string }) {
  const [errors, setErrors] = useState<string[] | undefined>();
  const [saved, setSaved] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("displayName") ?? "");
    setSaved(false);
    try {
      await callApi(updateMe, { body: { displayName: value } });
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


export function TokenManager({ initial }: { initial: TokenView[] }) {
  const [tokens, setTokens] = useState(initial);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get("tokenName") ?? "");
    try {
      const { token } = await callApi(createToken, { body: { name } });
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
      await callApi(revokeToken, { params: { tokenId: id } });
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
