"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import { finaliseRound, openRound, recordVerdict } from "@/lib/contracts/rounds";
import { ROUND_VERDICTS, ROUND_VERDICT_LABELS, type RoundVerdict } from "@/lib/domain/vocabulary";
import { Field } from "@/app/components/Field";

/** A datetime-local value one week from now, in the browser's time zone. */
function inAWeek(): string {
  const d = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The owner opens a round: title, rubric, deadline (in their own time zone) and judges. */
export function OpenRoundForm({ debateId, members }: { debateId: string; members: { id: string; displayName: string }[] }) {
  const router = useRouter();
  const [judges, setJudges] = useState<ReadonlySet<string>>(new Set());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[] | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    setFieldErrors({});
    const local = String(form.get("deadline") ?? "");
    const deadline = local ? new Date(local).toISOString() : "";
    try {
      await callApi(openRound, {
        params: { debateId },
        body: { title: String(form.get("title") ?? ""), rubric: String(form.get("rubric") ?? ""), deadline, judgeIds: [...judges] },
      });
      router.refresh();
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  }
  return (
    <details className="panel" open={members.length > 0 ? undefined : false}>
      <summary>Open a round</summary>
      <form action={(form) => void submit(form)} className="stack" aria-label="Open a round">
        <Field id="round-title" label="Title" errors={fieldErrors.title}>
          <input id="round-title" name="title" required maxLength={200} defaultValue="Round" />
        </Field>
        <Field id="round-rubric" label="Rubric (what the judges will ask of each patch)" errors={fieldErrors.rubric}>
          <textarea id="round-rubric" name="rubric" required rows={3} defaultValue="Does the patch handle every counterexample posted so far?" />
        </Field>
        <Field id="round-deadline" label="Deadline (your time zone)" errors={fieldErrors.deadline}>
          <input id="round-deadline" name="deadline" type="datetime-local" required defaultValue={inAWeek()} />
        </Field>
        <fieldset>
          <legend>Judges (members of the debate)</legend>
          {members.map((m) => (
            <label key={m.id} className="row small">
              <input
                type="checkbox"
                checked={judges.has(m.id)}
                onChange={(e) => setJudges((prev) => {
                  const next = new Set(prev);
                  if (e.target.checked) next.add(m.id);
                  else next.delete(m.id);
                  return next;
                })}
              />
              {m.displayName}
            </label>
          ))}
          {fieldErrors.judgeIds?.map((m) => <div key={m} className="field-error" role="alert">{m}</div>)}
        </fieldset>
        <button type="submit" disabled={pending}>Open round</button>
        {error ? <p role="alert" className="field-error">{error}</p> : null}
      </form>
    </details>
  );
}

/** A judge's verdict on one patch: a choice and a reason; they may revise it until the round is finalised. */
export function VerdictForm({ debateId, number, nodeId, current }: { debateId: string; number: number; nodeId: string; current: { verdict: RoundVerdict; reason: string } | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    try {
      await callApi(recordVerdict, {
        params: { debateId, number, nodeId },
        body: { verdict: String(form.get("verdict")) as RoundVerdict, reason: String(form.get("reason") ?? "") },
      });
      router.refresh();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  }
  return (
    <form action={(form) => void submit(form)} className="stack small" aria-label="Your verdict">
      <label>
        Your verdict{" "}
        <select name="verdict" defaultValue={current?.verdict ?? "HOLDS"}>
          {ROUND_VERDICTS.map((v) => <option key={v} value={v}>{ROUND_VERDICT_LABELS[v]}</option>)}
        </select>
      </label>
      <label>
        Reason
        <textarea name="reason" rows={2} required defaultValue={current?.reason ?? ""} />
      </label>
      <button type="submit" disabled={pending}>{current ? "Revise verdict" : "Record verdict"}</button>
      {error ? <p role="alert" className="field-error">{error}</p> : null}
    </form>
  );
}

export function FinaliseRoundButton({ debateId, number }: { debateId: string; number: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function finalise() {
    if (!window.confirm(`Finalise round ${number}? Verdicts cannot change afterwards.`)) return;
    try {
      await callApi(finaliseRound, { params: { debateId, number } });
      router.refresh();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <p>
      <button type="button" onClick={() => void finalise()}>Finalise results</button>
      {error ? <span role="alert" className="field-error">{error}</span> : null}
    </p>
  );
}
