"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { callApi, errorText } from "@/lib/client/api";
import { createSummary, editSummary, endorseSummary, withdrawEndorsement, type SummaryView } from "@/lib/contracts/cruxes";
import { SIDE_LABELS } from "@/lib/domain/vocabulary";

/**
 * Summaries of the debate: write one, endorse one (Builders and Breakers), edit your
 * own (which clears its endorsements). The page re-renders from the server after each change.
 */
export function SummariesPanel({ debateId, summaries, viewerId, canWrite, canEndorse, versionNumber }: {
  debateId: string;
  summaries: SummaryView[];
  viewerId: string | null;
  canWrite: boolean;
  canEndorse: boolean;
  versionNumber: number | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      router.refresh();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function write(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const body = String(new FormData(form).get("body") ?? "");
    if (await send(() => callApi(createSummary, { params: { debateId }, body: { body, versionNumber } }))) form.reset();
  }

  async function save(e: FormEvent<HTMLFormElement>, s: SummaryView) {
    e.preventDefault();
    const body = String(new FormData(e.currentTarget).get("body") ?? "");
    if (await send(() => callApi(editSummary, { params: { debateId, summaryId: s.id }, body: { body, revision: s.revision } }))) setEditing(null);
  }

  return (
    <section className="panel" aria-labelledby="summaries-heading" data-testid="summaries">
      <h2 id="summaries-heading">Summaries</h2>
      <p className="small muted" style={{ marginTop: 0 }}>A summary endorsed by at least one Builder and one Breaker is pinned at the top of this page. Editing a summary clears its endorsements.</p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {summaries.length === 0 ? <p className="small muted">No summary yet.</p> : null}
      <ul className="list">
        {summaries.map((s) => {
          const mine = s.authorId === viewerId;
          const endorsedByMe = s.endorsements.some((e) => e.userId === viewerId);
          return (
            <li key={s.id} data-summary-id={s.id}>
              <div className="small">
                <strong>{s.authorName}</strong>{s.versionNumber ? ` · v${s.versionNumber}` : ""} · revision {s.revision}{" "}
                {s.endorsed ? <span className="badge stands">endorsed</span> : null}{" "}
                <span className="muted">
                  {s.endorsements.length ? `endorsed by ${s.endorsements.map((e) => `${e.displayName} (${SIDE_LABELS[e.side]})`).join(", ")}` : "no endorsements"}
                </span>
              </div>
              {editing === s.id ? (
                <form className="stack" onSubmit={(e) => void save(e, s)} aria-label="Edit summary">
                  <textarea name="body" defaultValue={s.body} rows={5} required aria-label="Summary text" />
                  <div className="row">
                    <button type="submit" disabled={busy}>Save (clears endorsements)</button>
                    <button type="button" className="secondary" onClick={() => setEditing(null)}>Cancel</button>
                  </div>
                </form>
              ) : (
                <p style={{ whiteSpace: "pre-wrap", margin: "4px 0" }}>{s.body}</p>
              )}
              <div className="row small">
                {canEndorse && !endorsedByMe ? (
                  <button type="button" disabled={busy} onClick={() => void send(() => callApi(endorseSummary, { params: { debateId, summaryId: s.id } }))}>Endorse</button>
                ) : null}
                {endorsedByMe ? (
                  <button type="button" className="secondary" disabled={busy} onClick={() => void send(() => callApi(withdrawEndorsement, { params: { debateId, summaryId: s.id } }))}>Withdraw endorsement</button>
                ) : null}
                {mine && editing !== s.id ? <button type="button" className="secondary" onClick={() => setEditing(s.id)}>Edit</button> : null}
              </div>
            </li>
          );
        })}
      </ul>
      {canWrite ? (
        <form className="stack" onSubmit={(e) => void write(e)} aria-label="Write a summary" style={{ marginTop: 8 }}>
          <label htmlFor="new-summary"><strong>Write a summary</strong>{versionNumber ? ` of version ${versionNumber}` : ""}</label>
          <textarea id="new-summary" name="body" rows={4} required placeholder="Where the debate stands, in a few sentences a newcomer can read." />
          <div><button type="submit" disabled={busy}>Post summary</button></div>
        </form>
      ) : null}
    </section>
  );
}
