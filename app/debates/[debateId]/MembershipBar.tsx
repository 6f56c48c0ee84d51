"use client";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import Link from "next/link";
import { callApi, errorText } from "@/lib/client/api";
import { inviteMember, joinDebate, switchSide } from "@/lib/contracts/debates";
import { SIDES as VOCABULARY_SIDES, SIDE_LABELS, type Side } from "@/lib/domain/vocabulary";
import type { DebateViewProps } from "@/lib/contracts/debates";
import { viewerPermissions } from "./viewer-permissions";
import { LeaveDebateButton } from "./LifecycleActions";

const noSubscribe = () => () => {};

/** [side, label] pairs for the side pickers (here and in Invitation). */
export const SIDES = VOCABULARY_SIDES.map((side) => [side, SIDE_LABELS[side]] as const);

/** Join, switch side, and (for owners and moderators) invite people. */
export function MembershipBar({ debate, me, viewerId, onChanged }: { debate: DebateViewProps["debate"]; me: DebateViewProps["me"]; viewerId: string | null; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const inviteCode = useSyncExternalStore(noSubscribe, () => new URLSearchParams(window.location.search).get("invite"), () => null);
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => "");

  async function run(action: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await action();
      setMessage(done);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }

  if (viewerId === null) {
    const back = encodeURIComponent(`/debates/${debate.id}`);
    return (
      <p className="panel small">
        <Link href={`/signup?callbackUrl=${back}`}>Sign up</Link> or <Link href={`/signin?callbackUrl=${back}`}>sign in</Link> to take a side in this debate: build the plan, break it, or watch and ask.
      </p>
    );
  }

  const inviteLink = `${origin}/debates/${debate.id}?invite=${debate.inviteCode ?? ""}`;
  async function copyInviteLink() {
    setError(null);
    try {
      await navigator.clipboard.writeText(inviteLink);
      setMessage("Invite link copied: send it to the people you want in this debate");
    } catch {
      // No clipboard (an insecure origin, or the browser refused): the link stays on screen to copy by hand.
      setError("The browser would not copy the link; select it and copy it by hand");
    }
  }

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    await run(() => callApi(inviteMember, { params: { debateId: debate.id }, body: { username: String(data.get("username") ?? ""), side: String(data.get("side") ?? "OBSERVER") as Side } }), `Invited ${String(data.get("username"))}`);
    form.reset();
  }

  const viewerCan = viewerPermissions(debate, me, viewerId);
  const manages = viewerCan("member:invite");
  return (
    <section className="panel membership" aria-label="Your role in this debate">
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      {message ? <p role="status" className="small">{message}</p> : null}
      {me ? (
        <div className="row">
          <span>
            You are <span className={`badge side-${me.side}`} data-testid="my-side">{me.side.toLowerCase()}</span>
            {me.role !== "MEMBER" ? <span className="badge kind" style={{ marginLeft: 6 }}>{me.role.toLowerCase()}</span> : null}
          </span>
          <span className="small muted">Switch side:</span>
          {SIDES.filter(([s]) => s !== me.side).map(([s, label]) => (
            <button key={s} type="button" className="secondary" onClick={() => void run(() => callApi(switchSide, { params: { debateId: debate.id }, body: { side: s } }), `You are now ${label}`)}>
              Become {label}
            </button>
          ))}
          <Link href={`/debates/${debate.id}/members`} className="small">Members and role history</Link>
          {viewerCan("debate:leave") ? (
            <LeaveDebateButton debateId={debate.id} title={debate.title} isPrivate={debate.visibility === "PRIVATE"} onLeft={onChanged} />
          ) : null}
        </div>
      ) : (
        <div className="row">
          <span>Take a side:</span>
          {SIDES.map(([s, label]) => (
            <button key={s} type="button" onClick={() => void run(() => callApi(joinDebate, { params: { debateId: debate.id }, body: { side: s, ...(inviteCode ? { inviteCode } : {}) } }), `You joined as ${label}`)}>
              Join as {label}
            </button>
          ))}
        </div>
      )}
      {manages ? (
        <details style={{ marginTop: 8 }}>
          <summary>Invite people</summary>
          <form onSubmit={invite} className="row" style={{ marginTop: 8 }}>
            <label htmlFor="invite-username" className="sr-only">Username</label>
            <input id="invite-username" name="username" placeholder="username" style={{ maxWidth: 200 }} />
            <select name="side" aria-label="Side for the invited person" defaultValue="OBSERVER" style={{ maxWidth: 160 }}>
              {SIDES.map(([s, label]) => <option key={s} value={s}>{label}</option>)}
            </select>
            <button type="submit">Invite</button>
          </form>
          {debate.inviteCode ? (
            <p className="small">
              Invite link (anyone with it may join): <code data-testid="invite-link" style={{ overflowWrap: "anywhere" }}>{inviteLink}</code>{" "}
              <button type="button" className="secondary" onClick={() => void copyInviteLink()}>Copy link</button>
            </p>
          ) : null}
        </details>
      ) : null}
    </section>
  );
}
