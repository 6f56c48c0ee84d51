import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";

/**
 * A labelled form field. Its hint and error messages are linked to the input
 * (aria-describedby, aria-invalid) so screen readers announce them.
 */
export function Field({ id, label, errors, hint, children }: { id: string; label: string; errors?: string[]; hint?: string; children: ReactNode }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const control = isValidElement(children)
    ? cloneElement(children as ReactElement<Record<string, unknown>>, {
        "aria-describedby": describedBy,
        "aria-invalid": errorId ? true : undefined,
      })
    : children;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {control}
      {hint ? <div className="small muted" id={hintId}>{hint}</div> : null}
      {errors?.length ? (
        <div id={errorId}>
          {errors.map((message) => (
            <div key={message} className="field-error" role="alert">{message}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
