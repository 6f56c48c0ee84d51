"use client";
import { useState, type FormEvent } from "react";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import { Field } from "@/app/components/Field";
import { updateDebate, type DebateViewProps } from "@/lib/contracts/debates";
import { STUCK_AFTER_DAYS } from "@/lib/domain/vocabulary";
import { viewerPermissions } from "./viewer-permissions";
import { DeleteDebatePanel } from "./LifecycleActions";

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** Debate settings the viewer may change; today the stuck threshold (owner and moderators). */
export function DebateSettings({
  debate,
  me,
  viewerId,
  onChanged,
}: {
  debate: DebateViewProps["debate"];
  me: DebateViewProps["me"];
  viewerId: string | null;
  onChanged: () => void;
}) {
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const viewerCan = viewerPermissions(debate, me, viewerId);
  if (!viewerCan("debate:set-stuck-threshold")) return null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget).get("stuckAfterDays") ?? "").trim();
    // Numbers go as numbers; anything else as typed, so the server's message names the problem.
    const stuckAfterDays = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    setPending(true);
    setMessage(null);
    try {
      const { debate: saved } = await callApi(updateDebate, {
        params: { debateId: debate.id },
        // Text typed in the field goes as is, on purpose: the server's message names the problem.
        body: { stuckAfterDays: stuckAfterDays as number },
      });
      setErrors({});
      setFormError(null);
      setMessage(`Saved: the debate counts as stuck after ${days(saved.stuckAfterDays)} without a move.`);
      onChanged();
    } catch (error) {
      setErrors(error instanceof ApiError ? error.fieldErrors : {});
      setFormError(errorText(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <details className="fold" data-testid="debate-settings">
      <summary>Debate settings</summary>
      <form onSubmit={onSubmit} className="stack" noValidate aria-label="Debate settings" style={{ marginTop: 8 }}>
        {formError ? <p role="alert" className="form-error">{formError}</p> : null}
        {message ? <p role="status" className="small">{message}</p> : null}
        <Field
          id="stuck-after-days"
          label="Counts as stuck after (days without a move)"
          hint={`A whole number from ${STUCK_AFTER_DAYS.min} to ${STUCK_AFTER_DAYS.max}. Then the page suggests pruned branches worth reopening.`}
          errors={errors.stuckAfterDays}
        >
          <input
            key={debate.stuckAfterDays}
            id="stuck-after-days"
            name="stuckAfterDays"
            type="number"
            inputMode="numeric"
            min={STUCK_AFTER_DAYS.min}
            max={STUCK_AFTER_DAYS.max}
            step={1}
            defaultValue={debate.stuckAfterDays}
            style={{ maxWidth: 120 }}
          />
        </Field>
        <div>
          <button type="submit" disabled={pending}>Save settings</button>
        </div>
      </form>
      {viewerCan("debate:delete") ? <DeleteDebatePanel debate={debate} /> : null}
    </details>
  );
}
