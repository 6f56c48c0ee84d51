import type { ReactNode } from "react";

/** A labelled form field with its error messages, linked for screen readers. */
export function Field({ id, label, errors, hint, children }: { id: string; label: string; errors?: string[]; hint?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <div className="small muted">{hint}</div> : null}
      {errors?.map((message) => (
        <div key={message} className="field-error" id={`${id}-error`} role="alert">{message}</div>
      ))}
    </div>
  );
}
