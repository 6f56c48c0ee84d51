"use client";
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { callApi, errorText } from "@/lib/client/api";
import { joinDebate, type Invitation as InvitationData } from "@/lib/contracts/debates";
import type { Side } from "@/lib/contracts/common";
import { SIDES } from "./MembershipBar";

/** An invite link's landing page: which debate, whose, and a way in (sign up or in, then pick a side). */
export function Invitation({ invitation, inviteCode, returnTo }: { invitation: InvitationData; inviteCode: string; returnTo: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const router = useRouter();
  const back = encodeURIComponent(returnTo);

  async function join(side: Side) {
    setError(null);
    setPending(true);
    try {
      await callApi(joinDebate, { params: { debateId: invitation.id }, body: { side, inviteCode } });
      // A member now: the same page renders the debate itself.
      router.push(`/debates/${invitation.id}`);
      router.refresh();
    } catch (e) {
      setError(errorText(e));
      setPending(false);
    }
  }

  return (
    <section className="panel stack" aria-label="Invitation" style={{ maxWidth: 560, margin: "24px auto" }}>
      <p className="muted small" style={{ margin: 0 }}>You are invited to a {invitation.visibility.toLowerCase()} debate</p>
      <h1 style={{ margin: 0 }}>{invitation.title}</h1>
      <p className="small">Hosted by {invitation.owner.displayName} <span data-testid="owner-username" style={{ whiteSpace: "nowrap" }}>(@{invitation.owner.username})</span></p>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      {!invitation.signedIn ? (
        <p>
          <Link href={`/signup?callbackUrl=${back}`} className="button">Sign up</Link>{" "}
          or <Link href={`/signin?callbackUrl=${back}`}>Sign in</Link> to join; you will come back here.
        </p>
      ) : (
        <div className="row">
          <span>Take a side:</span>
          {SIDES.map(([side, label]) => (
            <button key={side} type="button" disabled={pending} onClick={() => void join(side)}>Join as {label}</button>
          ))}
        </div>
      )}
    </section>
  );
}
