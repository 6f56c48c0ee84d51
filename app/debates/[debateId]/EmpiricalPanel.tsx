"use client";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { callApi, errorText } from "@/lib/client/api";
import {
  applyResolution, markCrux, predictionTimeline, recordPrediction, setResolutionMode, unmarkCrux, upsertExperiment, type Timeline,
} from "@/lib/contracts/empirical";
import { listMembers } from "@/lib/contracts/debates";
import type { NodeDetail } from "@/lib/contracts/nodes";
import type { BodyOf } from "@/lib/contracts/define";
import { Field } from "@/app/components/Field";
import { reduceResolution, type ResolutionEventRow } from "@/lib/domain/empirical/resolution";
import { allowedStatuses } from "@/lib/domain/empirical/experiment";
import { parseLinkLines, parseStrictProbability } from "@/lib/domain/empirical/validation";
import { safeUrlSchema } from "@/lib/domain/debate/validation";
import { OUTCOMES, type ExperimentStatus, type ResolutionAction } from "@/lib/domain/vocabulary";
import type { ViewerCan } from "./viewer-permissions";
import { ForecastChart } from "./ForecastChart";

type Link = { label: string; url: string };

const pct = (p: number) => `${Math.round(p * 100)}%`;
const linkLines = (links: Link[]) => links.map((l) => (l.label ? `${l.label} | ${l.url}` : l.url)).join("\n");
/** The first link the server would refuse (the same rule: safeUrlSchema), to say so before sending. */
const firstBadLink = (links: Link[]) => links.find((l) => !safeUrlSchema.safeParse(l.url).success);

/** Links typed by people: only http(s), opened without giving the page access to ours. */
function SafeLinks({ links }: { links: Link[] }) {
  const safe = links.filter((l) => /^https?:\/\//i.test(l.url));
  if (!safe.length) return null;
  return (
    <ul className="small" style={{ margin: "4px 0", paddingLeft: 18 }}>
      {safe.map((l, i) => (
        <li key={`${l.url}-${i}`}>
          <a href={l.url} rel="noopener noreferrer nofollow" target="_blank">{l.label || l.url}</a>
        </li>
      ))}
    </ul>
  );
}

/**
 * How a claim is settled (argument, experiment, out of scope) and, for an
 * empirical claim, its experiment card, predictions by side and resolution history.
 */
export function EmpiricalPanel({
  debateId,
  node,
  viewerId = null,
  permits,
  needsReview = false,
  onChanged,
}: {
  debateId: string;
  node: NodeDetail;
  viewerId?: string | null;
  permits: ViewerCan;
  needsReview?: boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const params = { debateId, nodeId: node.id };
  const canSet = permits("claim:set-mode") && node.kind !== "PROPOSAL" && !node.retractedAt;
  const empirical = node.resolutionMode === "EMPIRICAL";
  const myCrux = viewerId !== null && node.cruxes.some((c) => c.userId === viewerId);
  const state = reduceResolution(
    node.resolutions.map(
      (r, i): ResolutionEventRow => ({
        id: String(i).padStart(8, "0"),
        nodeId: node.id,
        actorId: r.actorId,
        action: r.action as ResolutionEventRow["action"],
        outcome: r.outcome as ResolutionEventRow["outcome"],
        createdAt: new Date(r.createdAt),
      }),
    ),
  );

  const loadTimeline = useCallback(async () => {
    try {
      setTimeline(await callApi(predictionTimeline, { params: { debateId, nodeId: node.id } }));
    } catch (e) {
      setError(errorText(e));
    }
  }, [debateId, node.id]);

  useEffect(() => {
    if (empirical) void loadTimeline();
  }, [empirical, loadTimeline, node.predictions.length, node.resolutions.length]);

  async function send(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      setError(null);
      onChanged();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  }

  return (
    <section className="stack" aria-label="How this claim is settled" data-testid="empirical-panel">
      {needsReview ? (
        <p className="notice" role="status" data-testid="needs-review">
          <span className="badge awaiting">needs review</span> A claim this move depends on has been resolved since it was last
          touched. Check whether it still holds, then edit or answer it.
        </p>
      ) : null}
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <div className="row">
        <label htmlFor="resolution-mode" style={{ margin: 0 }}>Settled by</label>
        <select
          id="resolution-mode"
          value={node.resolutionMode}
          disabled={!canSet}
          onChange={(e) => void send(() => callApi(setResolutionMode, { params, body: { mode: e.target.value as NodeDetail["resolutionMode"] } }))}
          style={{ width: "auto" }}
        >
          <option value="ARGUMENTATIVE">argument</option>
          <option value="EMPIRICAL">experiment (empirical)</option>
          <option value="OUT_OF_SCOPE">out of scope here</option>
        </select>
        {permits("crux:mark") || myCrux ? (
          <button type="button" className="secondary" aria-pressed={myCrux} onClick={() => void send(() => callApi(myCrux ? unmarkCrux : markCrux, { params }))}>
            {myCrux ? "Unmark crux" : "Mark as crux"}
          </button>
        ) : null}
        {node.cruxes.length ? (
          <span className="small muted">
            crux for {node.cruxes.filter((c) => c.side === "BUILDER").length} builder(s), {node.cruxes.filter((c) => c.side === "BREAKER").length} breaker(s)
          </span>
        ) : null}
      </div>
      {empirical ? (
        <>
          <div className="row small">
            <strong>Resolution:</strong>
            <span className={`badge ${state.status === "open" ? "kind" : state.outcome ? `outcome-${state.outcome}` : "kind"}`} data-testid="resolution-status">
              {state.status === "open" ? "open" : `${state.status}${state.outcome ? ` · ${state.outcome.toLowerCase()}` : ""}`}
            </span>
          </div>
          <ExperimentCard debateId={debateId} node={node} canEdit={canSet} onSave={(body) => send(() => callApi(upsertExperiment, { params, body }))} />
          <Predictions timeline={timeline} canPredict={permits("prediction:create") && state.status === "open" && !node.retractedAt} onPredict={async (p) => {
            const ok = await send(() => callApi(recordPrediction, { params, body: { probability: p } }));
            if (ok) void loadTimeline();
            return ok;
          }} />
          <Resolutions
            node={node}
            status={state.status}
            canResolve={permits("claim:resolve")}
            canDispute={permits("claim:dispute")}
            canReopen={permits("claim:reopen-resolution")}
            onAct={async (body) => {
              const ok = await send(() => callApi(applyResolution, { params, body }));
              if (ok) void loadTimeline();
              return ok;
            }}
          />
        </>
      ) : null}
    </section>
  );
}

function ExperimentCard({ debateId, node, canEdit, onSave }: { debateId: string; node: NodeDetail; canEdit: boolean; onSave: (body: BodyOf<typeof upsertExperiment>) => Promise<boolean> }) {
  const card = node.experiment;
  const [editing, setEditing] = useState(false);
  const [members, setMembers] = useState<{ id: string; displayName: string }[]>([]);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!editing && !card?.ownerId) return;
    void callApi(listMembers, { params: { debateId } })
      .then((r) => setMembers(r.members.map((m) => m.user)))
      .catch(() => setMembers([]));
  }, [editing, debateId, card?.ownerId]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const links = parseLinkLines(String(f.get("links") ?? ""));
    const bad = firstBadLink(links);
    if (bad) {
      setFormError(`Links must be http(s) URLs (${bad.url})`);
      return;
    }
    setFormError(null);
    const ok = await onSave({
      question: String(f.get("question") ?? ""),
      method: String(f.get("method") ?? ""),
      supportIf: String(f.get("supportIf") ?? ""),
      refuteIf: String(f.get("refuteIf") ?? ""),
      ownerId: String(f.get("ownerId") ?? "") || null,
      status: String(f.get("status") ?? "PROPOSED") as ExperimentStatus,
      links,
      revision: card?.revision,
    });
    if (ok) setEditing(false);
  }

  const statuses: ExperimentStatus[] = card ? allowedStatuses(card.status as ExperimentStatus) : ["PROPOSED", "RUNNING"];
  return (
    <section className="panel" aria-label="Experiment card" data-testid="experiment-card" style={{ marginBottom: 0 }}>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h3 style={{ margin: 0 }}>Experiment</h3>
        {card ? <span className="badge kind">{card.status.toLowerCase()}</span> : null}
      </div>
      {card && !editing ? (
        <dl className="small" style={{ margin: "6px 0" }}>
          <dt><strong>Question</strong></dt><dd>{card.question}</dd>
          <dt><strong>Experiment or measurement</strong></dt><dd style={{ whiteSpace: "pre-wrap" }}>{card.method}</dd>
          <dt><strong>Supports the claim if</strong></dt><dd>{card.supportIf}</dd>
          <dt><strong>Refutes the claim if</strong></dt><dd>{card.refuteIf}</dd>
          {card.ownerId ? (<><dt><strong>Owner</strong></dt><dd>{members.find((m) => m.id === card.ownerId)?.displayName ?? "a member"}</dd></>) : null}
          {card.links.length ? (<><dt><strong>Results</strong></dt><dd><SafeLinks links={card.links} /></dd></>) : null}
        </dl>
      ) : null}
      {!card && !editing ? <p className="small muted">No experiment proposed yet.</p> : null}
      {canEdit && !editing ? (
        <button type="button" className="secondary" onClick={() => setEditing(true)}>{card ? "Edit experiment" : "Propose an experiment"}</button>
      ) : null}
      {editing ? (
        <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Edit experiment card">
          {formError ? <p role="alert" className="form-error">{formError}</p> : null}
          <Field id="exp-question" label="Precise question"><input id="exp-question" name="question" required defaultValue={card?.question ?? ""} /></Field>
          <Field id="exp-method" label="Proposed experiment or measurement"><textarea id="exp-method" name="method" required rows={3} defaultValue={card?.method ?? ""} /></Field>
          <Field id="exp-support" label="Outcome that supports the claim"><input id="exp-support" name="supportIf" required defaultValue={card?.supportIf ?? ""} /></Field>
          <Field id="exp-refute" label="Outcome that refutes the claim"><input id="exp-refute" name="refuteIf" required defaultValue={card?.refuteIf ?? ""} /></Field>
          <Field id="exp-owner" label="Owner (optional)">
            <select id="exp-owner" name="ownerId" defaultValue={card?.ownerId ?? ""}>
              <option value="">nobody yet</option>
              {members.map((m) => <option key={m.id} value={m.id}>{m.displayName}</option>)}
            </select>
          </Field>
          <Field id="exp-status" label="Status">
            <select id="exp-status" name="status" defaultValue={card?.status ?? "PROPOSED"}>
              {statuses.map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
            </select>
          </Field>
          <Field id="exp-links" label="Links to results" hint="One per line: https://… or label | https://…">
            <textarea id="exp-links" name="links" rows={2} defaultValue={linkLines(card?.links ?? [])} />
          </Field>
          <div className="row">
            <button type="submit">Save experiment</button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>Cancel</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function SpreadRow({ label, stats }: { label: string; stats: Timeline["distribution"]["BUILDER"] }) {
  return (
    <li>
      <strong>{label}</strong>{" "}
      {stats ? (
        <>
          <meter min={0} max={1} value={stats.mean} aria-label={`${label} mean`} style={{ width: 90, verticalAlign: "middle" }} /> mean {pct(stats.mean)} · median {pct(stats.median)} ·
          range {pct(stats.min)}–{pct(stats.max)} · {stats.count} {stats.count === 1 ? "person" : "people"}
        </>
      ) : (
        <span className="muted">no predictions</span>
      )}
    </li>
  );
}

function Predictions({ timeline, canPredict, onPredict }: { timeline: Timeline | null; canPredict: boolean; onPredict: (p: string) => Promise<boolean> }) {
  const [value, setValue] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      parseStrictProbability(value);
    } catch (e) {
      setFieldError(errorText(e));
      return;
    }
    setFieldError(null);
    if (await onPredict(value.trim())) setValue("");
  }
  return (
    <section aria-label="Predictions" data-testid="predictions">
      <h3 style={{ marginBottom: 4 }}>Predictions: will the claim be supported?</h3>
      {timeline?.predictions.length ? (
        <ForecastChart predictions={timeline.predictions.map((p) => ({ ...p, createdAt: new Date(p.createdAt) }))} />
      ) : null}
      {timeline ? (
        <ul className="list small" data-testid="prediction-spread">
          <SpreadRow label="Builders" stats={timeline.distribution.BUILDER} />
          <SpreadRow label="Breakers" stats={timeline.distribution.BREAKER} />
          <SpreadRow label="Observers" stats={timeline.distribution.OBSERVER} />
        </ul>
      ) : null}
      {canPredict ? (
        <form className="row" onSubmit={(e) => void submit(e)} aria-label="Record a prediction" style={{ marginTop: 6 }}>
          <label htmlFor="prediction-value" style={{ margin: 0 }}>Your probability</label>
          <input
            id="prediction-value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder="0.7 or 70%"
            inputMode="decimal"
            style={{ width: 110 }}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? "prediction-error" : undefined}
          />
          <button type="submit">Predict</button>
          {fieldError ? <span id="prediction-error" className="field-error" role="alert">{fieldError}</span> : null}
        </form>
      ) : timeline && timeline.state.status !== "open" ? (
        <p className="small muted">Predictions are closed while the claim is {timeline.state.status}.</p>
      ) : null}
      {timeline?.predictions.length ? (
        <details>
          <summary className="small">Timeline ({timeline.predictions.length})</summary>
          <ol className="timeline small">
            {timeline.predictions.map((p) => (
              <li key={p.id}>
                {new Date(p.createdAt).toLocaleString()} · {p.displayName} ({p.side.toLowerCase()}) · <strong>{pct(p.probability)}</strong>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

function Resolutions({
  node,
  status,
  canResolve,
  canDispute,
  canReopen,
  onAct,
}: {
  node: NodeDetail;
  status: "open" | "resolved" | "disputed";
  canResolve: boolean;
  canDispute: boolean;
  canReopen: boolean;
  onAct: (body: BodyOf<typeof applyResolution>) => Promise<boolean>;
}) {
  const [form, setForm] = useState<ResolutionAction | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const actions: ResolutionAction[] = [];
  if (canResolve && status === "open") actions.push("RESOLVE");
  if (canDispute && status === "resolved") actions.push("DISPUTE");
  if (canReopen && status !== "open") actions.push("REOPEN");
  const label: Record<ResolutionAction, string> = { RESOLVE: "Resolve", DISPUTE: "Dispute resolution", REOPEN: "Reopen" };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!form) return;
    const f = new FormData(event.currentTarget);
    const evidence = parseLinkLines(String(f.get("evidence") ?? ""));
    const bad = firstBadLink(evidence);
    if (bad) {
      setFormError(`Evidence links must be http(s) URLs (${bad.url})`);
      return;
    }
    setFormError(null);
    // The outcome is one of the form's options; the server checks it like every field.
    const body = { action: form, summary: String(f.get("summary") ?? ""), evidence, ...(form === "RESOLVE" ? { outcome: String(f.get("outcome")) } : {}) } as BodyOf<typeof applyResolution>;
    if (await onAct(body)) setForm(null);
  }

  return (
    <section aria-label="Resolution" data-testid="resolutions">
      {actions.length ? (
        <div className="row">
          {actions.map((a) => (
            <button key={a} type="button" className={a === "RESOLVE" ? undefined : "secondary"} onClick={() => setForm(form === a ? null : a)}>{label[a]}</button>
          ))}
        </div>
      ) : null}
      {form ? (
        <form className="stack" onSubmit={(e) => void submit(e)} aria-label={label[form]} style={{ marginTop: 6 }}>
          {formError ? <p role="alert" className="form-error">{formError}</p> : null}
          {form === "RESOLVE" ? (
            <Field id="res-outcome" label="Outcome">
              <select id="res-outcome" name="outcome" defaultValue="SUPPORTED">
                {OUTCOMES.map((o) => <option key={o} value={o}>{o.toLowerCase()}</option>)}
              </select>
            </Field>
          ) : null}
          <Field id="res-summary" label={form === "RESOLVE" ? "Summary of the result" : form === "DISPUTE" ? "Why the resolution is wrong" : "Why reopen"}>
            <textarea id="res-summary" name="summary" required rows={3} />
          </Field>
          <Field id="res-evidence" label="Evidence links (optional)" hint="One per line: https://… or label | https://…">
            <textarea id="res-evidence" name="evidence" rows={2} />
          </Field>
          <div className="row">
            <button type="submit">{label[form]}</button>
            <button type="button" className="secondary" onClick={() => setForm(null)}>Cancel</button>
          </div>
        </form>
      ) : null}
      {node.resolutions.length ? (
        <>
          <h3 style={{ marginBottom: 4 }}>Resolution history</h3>
          <ol className="timeline small" data-testid="resolution-history">
            {node.resolutions.map((r, i) => (
              <li key={i} className={r.action}>
                <strong>{r.action === "RESOLVE" ? `Resolved: ${r.outcome?.toLowerCase()}` : r.action === "DISPUTE" ? "Disputed" : "Reopened"}</strong> ·{" "}
                {new Date(r.createdAt).toLocaleString()}
                <div style={{ whiteSpace: "pre-wrap" }}>{r.summary}</div>
                <SafeLinks links={r.evidence} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
