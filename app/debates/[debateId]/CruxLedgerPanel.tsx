"use client";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { callApi, errorText } from "@/lib/client/api";
import { claimCruxLedger, recordCruxEstimate, recordCruxFollowUp, type ClaimCruxLedger, type ClaimLedgerView } from "@/lib/contracts/cruxes";
import type { NodeDetail } from "@/lib/contracts/nodes";
import { SIDE_LABELS } from "@/lib/domain/vocabulary";
import type { ViewerCan } from "./viewer-permissions";

const pct = (p: number) => `${Math.round(p * 100)}%`;
const pts = (d: number | null) => (d === null ? "—" : `${d >= 0 ? "+" : "−"}${Math.round(Math.abs(d) * 100)} pts`);

/** "70", "70%" or "0.7" → 0.7; NaN when it is neither (the server says why). */
function readPercent(text: string): number {
  const t = text.trim().replace(/%$/, "");
  if (!t) return Number.NaN;
  const n = Number(t);
  return n > 1 ? n / 100 : n;
}

export const OUTCOME_WORDS: Record<ClaimLedgerView["outcome"], string> = {
  unresolved: "",
  awaiting: "awaiting answers",
  moved: "moved people",
  "moved-nobody": "moved nobody",
};

/**
 * The crux ledger of one claim: what would change each participant's mind about
 * its parent (for a claim under the proposal: the plan standing), and after the
 * claim is settled, their pre-committed vs actual update.
 */
export function CruxLedgerPanel({ debateId, node, permits, remoteChanges, onChanged }: {
  debateId: string;
  node: NodeDetail;
  permits: ViewerCan;
  remoteChanges: number;
  onChanged: () => void;
}) {
  const [data, setData] = useState<ClaimCruxLedger | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const params = { debateId, nodeId: node.id };

  const load = useCallback(async () => {
    try {
      setData(await callApi(claimCruxLedger, { params: { debateId, nodeId: node.id } }));
    } catch (e) {
      setError(errorText(e));
    }
  }, [debateId, node.id]);
  useEffect(() => {
    void load();
  }, [load, remoteChanges]);

  if (node.kind === "PROPOSAL") return null;
  const ledger = data?.ledger;
  const settled = ledger?.verdict ?? null;
  const canEstimate = permits("crux:estimate") && !settled && !node.retractedAt;
  const parentWord = node.parentId && node.depth <= 1 ? "the plan standing" : "the claim this replies to";

  async function send(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      await load();
      onChanged();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function submitEstimate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = {
      credence: readPercent(String(form.get("credence") ?? "")),
      ifTrue: readPercent(String(form.get("ifTrue") ?? "")),
      ifFalse: readPercent(String(form.get("ifFalse") ?? "")),
    };
    const target = e.currentTarget;
    if (await send(() => callApi(recordCruxEstimate, { params, body }))) target.reset();
  }

  async function submitRevision(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const credence = readPercent(String(new FormData(e.currentTarget).get("actual") ?? ""));
    await send(() => callApi(recordCruxFollowUp, { params, body: { action: "REVISE", credence } }));
  }

  return (
    <section aria-label="Crux ledger" data-testid="crux-ledger" className="panel" style={{ marginTop: 10 }}>
      <h3 style={{ marginBottom: 4 }}>
        What would change minds{" "}
        {ledger?.doubleCrux && !settled ? <span className="badge double-crux" data-testid="double-crux-badge">double crux</span> : null}
        {ledger && OUTCOME_WORDS[ledger.outcome] ? <span className={`badge crux-${ledger.outcome}`} data-testid="crux-outcome">{OUTCOME_WORDS[ledger.outcome]}</span> : null}
      </h3>
      <p className="small muted" style={{ marginTop: 0 }}>
        Credences are in {parentWord}. {settled ? `This claim ${settled.claimTrue ? "turned out true" : "turned out false"}${settled.via === "conceded" ? " (conceded)" : ""}.` : ""}
        {ledger && ledger.people.length ? ` Expected belief change: ${Math.round(ledger.expectedBeliefChange * 100)} pts.` : ""}
      </p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {ledger && ledger.people.length ? (
        <div className="ledger-table">
          <table className="small" data-testid="crux-people">
            <thead>
              <tr>
                <th scope="col">Who</th><th scope="col">Now</th><th scope="col">If true</th><th scope="col">If false</th><th scope="col">Stake</th>
                {settled ? <><th scope="col">Pre-committed</th><th scope="col">Actual</th></> : null}
              </tr>
            </thead>
            <tbody>
              {ledger.people.map((p) => (
                <tr key={p.userId} data-user={p.username}>
                  <td>{p.displayName} <span className="muted">({SIDE_LABELS[p.side]}{p.updates > 1 ? `, ${p.updates} updates` : ""})</span></td>
                  <td>{pct(p.credence)}</td><td>{pct(p.ifTrue)}</td><td>{pct(p.ifFalse)}</td><td>{Math.round(p.stake * 100)} pts</td>
                  {settled ? (
                    <>
                      <td>{pts(p.precommittedUpdate)}</td>
                      <td data-testid="actual-update">{p.actualUpdate === null ? "not answered" : `${pts(p.actualUpdate)} ${p.confirmed ? "(confirmed)" : "(revised)"}`}</td>
                    </>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="small muted">Nobody has said yet what this claim would change for them.</p>
      )}
      {data?.followUpDue ? (
        <div className="panel" role="group" aria-label="Confirm or revise your update" data-testid="crux-follow-up">
          <p className="small" style={{ marginTop: 0 }}><strong>This claim is settled.</strong> Confirm the update you pre-committed to, or say where you stand now.</p>
          <div className="row">
            <button type="button" disabled={busy} onClick={() => void send(() => callApi(recordCruxFollowUp, { params, body: { action: "CONFIRM" } }))}>
              Confirm my pre-committed update
            </button>
            <form className="row" onSubmit={(e) => void submitRevision(e)} aria-label="Revise my update">
              <label htmlFor={`actual-${node.id}`} className="small">My credence now</label>
              <input id={`actual-${node.id}`} name="actual" inputMode="decimal" placeholder="e.g. 40%" style={{ width: 90 }} required />
              <button type="submit" className="secondary" disabled={busy}>Revise</button>
            </form>
          </div>
        </div>
      ) : null}
      {canEstimate ? (
        <form className="row" onSubmit={(e) => void submitEstimate(e)} aria-label="Record what would change my mind" style={{ marginTop: 6, flexWrap: "wrap" }}>
          <label className="small">Now <input name="credence" inputMode="decimal" placeholder="70%" style={{ width: 70 }} required /></label>
          <label className="small">If true <input name="ifTrue" inputMode="decimal" placeholder="90%" style={{ width: 70 }} required /></label>
          <label className="small">If false <input name="ifFalse" inputMode="decimal" placeholder="30%" style={{ width: 70 }} required /></label>
          <button type="submit" disabled={busy}>Record</button>
        </form>
      ) : null}
      {data && data.history.length > 1 ? (
        <details className="small">
          <summary>Every update ({data.history.length})</summary>
          <ol className="timeline">
            {data.history.map((h) => (
              <li key={h.id}>
                {h.displayName}: now {pct(h.credence)}, if true {pct(h.ifTrue)}, if false {pct(h.ifFalse)} · {new Date(h.createdAt).toLocaleString()}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
