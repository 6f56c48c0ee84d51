"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { callApi, errorText } from "@/lib/client/api";
import { deleteDebate, leaveDebate } from "@/lib/contracts/debates";

/** "Leave this debate" for members other than the owner; their moves stay. */
export function LeaveDebateButton({ debateId, title, isPrivate, onLeft }: { debateId: string; title: string; isPrivate: boolean; onLeft?: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function leave() {
    const consequence = isPrivate ? " It is private: you will no longer see it unless someone invites you again." : "";
    if (!window.confirm(`Leave “${title}”? Your moves stay in the debate under your name.${consequence}`)) return;
    setError(null);
    try {
      await callApi(leaveDebate, { params: { debateId } });
      if (isPrivate) router.push("/");
      else if (onLeft) onLeft();
      else router.refresh();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <>
      <button type="button" className="secondary" onClick={() => void leave()}>Leave debate</button>
      {error ? <span role="alert" className="field-error">{error}</span> : null}
    </>
  );
}

/**
 * The owner's "Delete this debate": export first (same screen), say plainly what
 * goes (everyone's moves), and confirm by typing the title.
 */
export function DeleteDebatePanel({ debate }: { debate: { id: string; title: string; nodeCount: number; memberCount: number } }) {
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const others = Math.max(0, debate.memberCount - 1);
  async function remove() {
    setPending(true);
    setError(null);
    try {
      await callApi(deleteDebate, { params: { debateId: debate.id } });
      router.push("/");
      router.refresh();
    } catch (e) {
      setError(errorText(e));
      setPending(false);
    }
  }
  return (
    <section aria-labelledby="delete-debate-heading" className="stack" data-testid="delete-debate" style={{ marginTop: 16, borderTop: "1px solid var(--border, #ccc)", paddingTop: 8 }}>
      <h3 id="delete-debate-heading">Delete this debate</h3>
      <p className="small">
        Deleting removes the debate and everything in it for good: all {debate.nodeCount} moves, <strong>including the moves other
        members wrote</strong>, the proposal versions, predictions, resolutions and the activity log. {others > 0 ? `The ${others} other member${others === 1 ? "" : "s"} will be notified, with the title.` : ""} It cannot be undone.
      </p>
      <p className="small">
        Keep a copy first: <a href={`/api/v1/debates/${debate.id}/export?format=json&download=1`} download>Download the JSON export</a> (it can be imported again).
        To keep the debate going without you, hand it to another member on the <a href={`/debates/${debate.id}/members`}>members page</a> instead.
      </p>
      <label htmlFor="delete-confirm-title" className="small">Type the debate title, <strong>{debate.title}</strong>, to confirm</label>
      <input id="delete-confirm-title" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <div>
        <button type="button" className="danger" disabled={pending || typed !== debate.title} onClick={() => void remove()}>
          Delete this debate and all its moves
        </button>
      </div>
    </section>
  );
}
