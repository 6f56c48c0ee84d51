import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";

type Described = { id: string; hint?: string; errors?: string[] };

/** The ARIA attributes that link an input to its hint and errors, so screen readers announce them. */
export function describedAttributes({ id, hint, errors }: Described) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return { "aria-describedby": ids.join(" ") || undefined, "aria-invalid": errors?.length ? true : undefined } as const;
}

/** A field's hint and error messages, under the ids `describedAttributes` points to. */
export function FieldMessages({ id, hint, errors }: Described) {
  return (
    <>
      {hint ? <div className="small muted" id={`${id}-hint`}>{hint}</div> : null}
      {errors?.length ? (
        <div id={`${id}-error`}>
          {errors.map((message) => (
            <div key={message} className="field-error" role="alert">{message}</div>
          ))}
        </div>
      ) : null}
    </>
  );
}

/** A labelled form field, its hint and errors linked to the input. */
export function Field({ id, label, errors, hint, children }: Described & { label: string; children: ReactNode }) {
  const control = isValidElement(children)
    ? cloneElement(children as ReactElement<Record<string, unknown>>, describedAttributes({ id, hint, errors }))
    : children;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {control}
      <FieldMessages id={id} hint={hint} errors={errors} />
    </div>
  );
}
