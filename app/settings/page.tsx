import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { getProfile } from "@/lib/server/users/service";
import { listApiTokens } from "@/lib/server/auth/tokens";
import { listSessions } from "@/lib/server/auth/sessions";
import { emailDigestEnabled } from "@/lib/server/mail/digest";
import { mailEnabled } from "@/lib/server/mail/transport";
import { ProfileForm, TokenManager } from "./SettingsForms";
import { ChangePasswordForm, EmailDigestToggle, SessionList } from "./AccountForms";
import { accountDeletionInfo } from "@/lib/server/users/delete-account";
import { DeleteAccountForm } from "./DeleteAccountForm";

export const metadata: Metadata = { title: "Settings" };

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const actor = await sessionActor();
  if (!actor) redirect("/signin?callbackUrl=/settings");
  const [profile, tokens, sessions, digest, deletion] = await Promise.all([
    getProfile(actor.id),
    listApiTokens(actor.id),
    listSessions(actor.id, actor.sessionId),
    emailDigestEnabled(actor.id),
    accountDeletionInfo(actor.id),
  ]);
  return (
    <>
      <h1>Your profile</h1>
      <section className="panel">
        <p className="muted small">Username <strong>{profile.username}</strong>{profile.email ? <> · {profile.email}</> : null}</p>
        <ProfileForm displayName={profile.displayName} />
      </section>
      <section className="panel">
        <h2>Password</h2>
        <p className="small muted">Changing your password signs out your other sessions.</p>
        <ChangePasswordForm />
      </section>
      <section className="panel">
        <h2>Sessions</h2>
        <p className="small muted">Browsers signed in to your account. Signing out ends a session at once, also for a copy of its cookie. Personal access tokens are separate: revoke them below.</p>
        <SessionList initial={sessions.map((s) => ({ id: s.id, userAgent: s.userAgent, current: s.current, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() }))} />
      </section>
      {mailEnabled() ? (
        <section className="panel">
          <h2>Email</h2>
          <EmailDigestToggle initial={digest} hasEmail={Boolean(profile.email)} />
        </section>
      ) : null}
      <section className="panel">
        <h2>Personal access tokens</h2>
        <p className="small muted">Scripts call the API with <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once; only its hash is stored. Every endpoint is in the <a href="/docs/api">API reference</a>.</p>
        <TokenManager initial={tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null }))} />
      </section>
      <section className="panel" aria-labelledby="delete-account-heading">
        <h2 id="delete-account-heading">Delete my account</h2>
        <DeleteAccountForm hasPassword={deletion.hasPassword} ownedDebates={deletion.ownedDebates} />
      </section>
    </>
  );
}
