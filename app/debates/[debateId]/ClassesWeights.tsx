"use client";
// Counterexample classes and weights on the debate page (issue #14): the header's standing, class
// chips, the coverage table read by class, the class and estimate controls of the node panel, the
// hints in the counterexample form and the owner's broken rule.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import {
  classifyCounterexample, createClass, plausibilityTimeline, recordPlausibility, setStandingRule, similarCounterexamples, type PlausibilityTimeline,
} from "@/lib/contracts/classes";
import type { Weighing } from "@/lib/contracts/weighing";
import type { DebateViewProps } from "@/lib/contracts/debates";
import type { Forest } from "@/lib/domain/debate/tree";
import { BROKEN_RULE_LABELS, SEVERITIES, SEVERITY_LABELS, type BrokenRule, type Severity } from "@/lib/domain/vocabulary";
import { Field } from "@/app/components/Field";
import { labelOf, type TreeRowData } from "./tree-row";
import type { ViewerCan } from "./viewer-permissions";

const pct = (n: number | null) => (n === null ? "—" : `${Math.round(n)} %`);

/** Counterexample id → class, from the overview. */
export function classIndex(weighing: Weighing): Map<string, Weighing["classes"][number]> {
  const out = new Map<string, Weighing["classes"][number]>();
  for (const c of weighing.classes) for (const id of c.memberIds) out.set(id, c);
  return out;
}

/** A counterexample's class as a chip. */
export function ClassChip({ name }: { name: string }) {
  return <span className="badge kind" data-testid="class-chip" title="Counterexample class">{name}</span>;
}

/** The coverage table read by class, the classes with their members, and a form for a new class. */
export function ClassCoverageView({
  debateId, weighing, byId, permits, onOpen, onChanged,
}: {
  debateId: string;
  weighing: Weighing;
  byId: Forest<TreeRowData>["byId"];
  permits: ViewerCan;
  onOpen: (id: string) => void;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[] | undefined>>({});
  const nameOf = new Map(weighing.classes.map((c) => [c.id, c.name]));
  const weightOf = new Map(weighing.weights.map((w) => [w.nodeId, w]));
  const columns = weighing.coverageByClass[0]?.cells.map((c) => c.classId) ?? [];

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    try {
      await callApi(createClass, { params: { debateId }, body: { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") } });
      formElement.reset();
      setError(null);
      setFieldErrors({});
      onChanged();
    } catch (e) {
      setFieldErrors(e instanceof ApiError ? e.fieldErrors : {});
      setError(errorText(e));
    }
  }

  return (
    <div className="stack" data-testid="classes-view">
      {columns.length ? (
        <div style={{ overflowX: "auto" }}>
          <table className="grid" aria-label="Coverage of versions by counterexample class">
            <thead>
              <tr>
                <th>Version</th>
                {columns.map((id) => <th key={id ?? "none"} scope="col">{id === null ? "No class" : nameOf.get(id)}</th>)}
              </tr>
            </thead>
            <tbody>
              {weighing.coverageByClass.map((row) => (
                <tr key={row.version}>
                  <th scope="row">v{row.version}</th>
                  {row.cells.map((cell) => (
                    <td key={cell.classId ?? "none"} className={`cell-${cell.status === "settled" ? "rebutted" : cell.status}`}>
                      {cell.status === "not-targeted" ? "—" : cell.status}
                      {cell.breaks && cell.answered ? ` (${cell.breaks} of ${cell.breaks + cell.answered})` : ""}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p className="muted">No counterexamples yet.</p>}
      <ul className="list" aria-label="Counterexample classes">
        {weighing.classes.map((c) => (
          <li key={c.id} data-testid="class-item">
            <strong>{c.name}</strong>{c.description ? <span className="small muted"> — {c.description}</span> : null}
            <div className="small">
              {c.memberIds.length === 0 ? <span className="muted">no counterexamples yet</span> : null}
              {c.memberIds.map((id) => (
                <a key={id} href={`#node-${id}`} onClick={(e) => { e.preventDefault(); onOpen(id); }} style={{ marginRight: 8 }}>
                  {labelOf(byId.get(id)?.row)}{weightOf.get(id)?.median != null ? ` (${pct(weightOf.get(id)!.median)})` : ""}
                </a>
              ))}
              {c.answeredByPatchIds.length ? <span className="muted"> · answered as a class by {c.answeredByPatchIds.map((id) => labelOf(byId.get(id)?.row)).join(", ")}</span> : null}
            </div>
          </li>
        ))}
      </ul>
      {permits("class:create") ? (
        <form onSubmit={onCreate} className="stack" aria-label="New counterexample class" noValidate>
          {error ? <p role="alert" className="form-error">{error}</p> : null}
          <Field id="class-name" label="New class" hint="A family of counterexamples, e.g. “the reporter learns a human simulator”" errors={fieldErrors.name}>
            <input id="class-name" name="name" maxLength={120} />
          </Field>
          <Field id="class-description" label="Description (optional)" errors={fieldErrors.description}>
            <textarea id="class-description" name="description" rows={2} />
          </Field>
          <div><button type="submit" className="secondary">Create class</button></div>
        </form>
      ) : null}
    </div>
  );
}

/** The node panel's class and weight controls for a counterexample. */
export function CounterexampleWeighing({
  debateId, node, weighing, permits, remoteChanges, onChanged,
}: {
  debateId: string;
  node: { id: string; kind: string; authorId: string; retractedAt: string | null };
  weighing: Weighing;
  permits: ViewerCan;
  remoteChanges: number;
  onChanged: () => void;
}) {
  const [timeline, setTimeline] = useState<PlausibilityTimeline | null>(null);
  const [plausibility, setPlausibility] = useState(50);
  const [severity, setSeverity] = useState<Severity>("BREAKS");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isCounterexample = node.kind === "COUNTEREXAMPLE";

  const load = useCallback(async () => {
    if (!isCounterexample) return;
    try {
      setTimeline(await callApi(plausibilityTimeline, { params: { debateId, nodeId: node.id } }));
    } catch (e) {
      setError(errorText(e));
    }
  }, [debateId, node.id, isCounterexample]);
  useEffect(() => {
    void load();
  }, [load, remoteChanges]);

  if (!isCounterexample) return null;
  const currentClass = weighing.classes.find((c) => c.memberIds.includes(node.id)) ?? null;
  const canClassify = permits("counterexample:classify", { target: { authorId: node.authorId, kind: "COUNTEREXAMPLE" } });
  const canEstimate = permits("counterexample:estimate") && node.retractedAt === null;

  async function classify(classId: string | null) {
    try {
      await callApi(classifyCounterexample, { params: { debateId, nodeId: node.id }, body: { classId } });
      setError(null);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function estimate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      await callApi(recordPlausibility, { params: { debateId, nodeId: node.id }, body: { plausibility, severity } });
      setError(null);
      setMessage(`Saved: ${plausibility} % plausible, ${SEVERITY_LABELS[severity].toLowerCase()}.`);
      onChanged();
      void load();
    } catch (e) {
      setError(errorText(e));
    }
  }

  const w = timeline?.weight ?? null;
  return (
    <section aria-label="Class and weight" className="stack" data-testid="counterexample-weighing">
      <h3 style={{ marginBottom: 0 }}>Class and weight</h3>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <div className="row small">
        <span>Class:</span>
        {canClassify ? (
          <select aria-label="Counterexample class" value={currentClass?.id ?? ""} onChange={(e) => void classify(e.target.value || null)}>
            <option value="">No class</option>
            {weighing.classes.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        ) : currentClass ? <ClassChip name={currentClass.name} /> : <span className="muted">none</span>}
      </div>
      <p className="small" data-testid="weight-summary">
        {w
          ? `Median plausibility ${pct(w.median)} over ${w.estimates} ${w.estimates === 1 ? "person" : "people"} (builders ${pct(w.bySide.BUILDER)}, breakers ${pct(w.bySide.BREAKER)}); severity: ${w.severity === "DEGRADES" ? "degrades" : "breaks"} (${w.breaksVotes}–${w.degradesVotes}).`
          : "Nobody has weighed this counterexample yet."}
      </p>
      {canEstimate ? (
        <form onSubmit={estimate} className="stack" aria-label="Your estimate" noValidate>
          {message ? <p role="status" className="small">{message}</p> : null}
          <label className="row small" style={{ fontWeight: 400 }}>
            <span>How plausible in the real world?</span>
            <input type="range" min={0} max={100} step={1} value={plausibility} aria-label="Plausibility (range)" onChange={(e) => setPlausibility(Number(e.target.value))} style={{ maxWidth: 180 }} />
            <input type="number" min={0} max={100} step={1} value={plausibility} aria-label="Plausibility (%)" onChange={(e) => setPlausibility(Number(e.target.value))} style={{ maxWidth: 70 }} /> %
          </label>
          <fieldset className="row small" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="sr-only">Severity</legend>
            {SEVERITIES.map((s) => (
              <label key={s} style={{ fontWeight: 400, display: "inline-flex", gap: 4 }}>
                <input type="radio" name="severity" value={s} checked={severity === s} onChange={() => setSeverity(s)} /> {SEVERITY_LABELS[s]}
              </label>
            ))}
          </fieldset>
          <div><button type="submit" className="secondary">Save estimate</button></div>
        </form>
      ) : null}
      {timeline && timeline.estimates.length ? (
        <details>
          <summary className="small">Estimate history ({timeline.estimates.length})</summary>
          <ol className="timeline small">
            {timeline.estimates.map((e) => (
              <li key={e.id}>{e.displayName} ({e.side.toLowerCase()}): {e.plausibility} %, {e.severity.toLowerCase()} · {new Date(e.createdAt).toLocaleString()}</li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

/** In the counterexample form: pick a class, and see counterexamples like the draft. */
export function CounterexampleHints({ debateId, classes, draft }: { debateId: string; classes: Weighing["classes"]; draft: string }) {
  const [similar, setSimilar] = useState<{ id: string; title: string; snippet: string; classId: string | null }[]>([]);
  const nameOf = new Map(classes.map((c) => [c.id, c.name]));
  useEffect(() => {
    const q = draft.trim();
    if (q.length < 12) return;
    // Ask once the writer pauses, not on every keystroke.
    const timer = setTimeout(() => {
      callApi(similarCounterexamples, { params: { debateId }, query: { q: q.slice(0, 2_000) } })
        .then(({ counterexamples }) => setSimilar(counterexamples))
        .catch(() => setSimilar([]));
    }, 400);
    return () => clearTimeout(timer);
  }, [debateId, draft]);
  return (
    <>
      {classes.length ? (
        <Field id="move-class" label="Class (optional)" hint="Put the counterexample into an existing family">
          <select id="move-class" name="classId" defaultValue="">
            <option value="">No class</option>
            {classes.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </Field>
      ) : null}
      {draft.trim().length >= 12 && similar.length ? (
        <div className="notice small" data-testid="similar-counterexamples">
          <strong>Similar counterexamples</strong>
          <ul className="list">
            {similar.map((s) => (
              <li key={s.id}>
                <a href={`#node-${s.id}`}>{s.title || s.snippet.replace(/[«»]/g, "").slice(0, 80)}</a>
                {s.classId ? <> <ClassChip name={nameOf.get(s.classId) ?? "class"} /></> : null}
                <div className="muted">{s.snippet}</div>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** In the patch form: answer whole classes. */
export function PatchClassAnswers({ classes, errors }: { classes: Weighing["classes"]; errors?: string[] }) {
  if (!classes.length) return null;
  return (
    <fieldset>
      <legend className="small">Answers whole class(es): every counterexample in it</legend>
      {classes.map((c) => (
        <label key={c.id} style={{ display: "block", fontWeight: 400 }}>
          <input type="checkbox" name="answersClassIds" value={c.id} /> {c.name} ({c.memberIds.length})
        </label>
      ))}
      {errors?.map((m) => <div key={m} className="field-error">{m}</div>)}
    </fieldset>
  );
}

/** The rule that marks a version broken: shown to everyone, chosen by the owner. */
export function StandingRuleSettings({
  debate, weighing, permits, onChanged,
}: {
  debate: Pick<DebateViewProps["debate"], "id">;
  weighing: Weighing;
  permits: ViewerCan;
  onChanged: () => void;
}) {
  const [rule, setRule] = useState<BrokenRule>(weighing.rule.rule);
  const [threshold, setThreshold] = useState(weighing.rule.threshold);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const canSet = permits("debate:set-standing-rule");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const { rule: saved } = await callApi(setStandingRule, { params: { debateId: debate.id }, body: { rule, threshold } });
      setError(null);
      setMessage(saved.changed ? "Saved: the rule is recorded in the activity feed." : "Unchanged.");
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <details className="panel" data-testid="standing-rule">
      <summary>What breaks a version: {weighing.rule.rule === "ANY_LIVE" ? BROKEN_RULE_LABELS.ANY_LIVE.toLowerCase() : `median plausibility ≥ ${weighing.rule.threshold} %`}</summary>
      <p className="small muted">
        Any live counterexample breaks a version (the default), or only those whose median plausibility (the latest estimate of each person) reaches the
        threshold and that most estimators do not call merely degrading. A counterexample nobody has weighed still breaks.
      </p>
      {canSet ? (
        <form onSubmit={onSubmit} className="stack" aria-label="Broken rule" noValidate>
          {error ? <p role="alert" className="form-error">{error}</p> : null}
          {message ? <p role="status" className="small">{message}</p> : null}
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="sr-only">Rule</legend>
            {(Object.keys(BROKEN_RULE_LABELS) as BrokenRule[]).map((r) => (
              <label key={r} style={{ display: "block", fontWeight: 400 }}>
                <input type="radio" name="rule" value={r} checked={rule === r} onChange={() => setRule(r)} /> {BROKEN_RULE_LABELS[r]}
              </label>
            ))}
          </fieldset>
          <label className="row small" style={{ fontWeight: 400 }}>
            Threshold
            <input type="number" min={0} max={100} step={1} value={threshold} aria-label="Plausibility threshold (%)" disabled={rule === "ANY_LIVE"} onChange={(e) => setThreshold(Number(e.target.value))} style={{ maxWidth: 80 }} /> %
          </label>
          <div><button type="submit" className="secondary">Save rule</button></div>
        </form>
      ) : null}
    </details>
  );
}
