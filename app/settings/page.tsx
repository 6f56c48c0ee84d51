import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/auth/actor";
import { getProfile } from "@/lib/users/service";
import { listApiTokens } from "@/lib/auth/tokens";
import { accountDeletionInfo } from "@/lib/users/delete-account";
import { ProfileForm, TokenManager } from "./SettingsForms";
import { DeleteAccountForm } from "./DeleteAccountForm";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const actor = await sessionActor();
  if (!actor) redirect("/signin?callbackUrl=/settings");
  const [profile, tokens, deletion] = await Promise.all([getProfile(actor.id), listApiTokens(actor.id), accountDeletionInfo(actor.id)]);
  return (
    <>
      <h1>Your profile</h1>
      <section className="panel">
        <p className="muted small">Username <strong>{profile.username}</strong>{profile.email ? <> · {profile.email}</> : null}</p>
        <ProfileForm displayName={profile.displayName} />
      </section>
      <section className="panel">
        <h2>Personal access tokens</h2>
        <p className="small muted">Scripts call the API with <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once; only its hash is stored.</p>
        <TokenManager initial={tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null }))} />
      </section>
      <section className="panel" aria-labelledby="delete-account-heading">
        <h2 id="delete-account-heading">Delete my account</h2>
        <DeleteAccountForm hasPassword={deletion.hasPassword} ownedDebates={deletion.ownedDebates} />
      </section>
    </>
  );
}
