"use client";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { describedAttributes, FieldMessages } from "./Field";
import { Markdown } from "./Markdown";

type Mode = "write" | "preview";

/**
 * A Markdown textarea with Write | Preview tabs; the preview uses the page's own
 * renderer. The textarea stays in the form while the preview shows (hidden, not
 * removed), so the form submits what was written. Until the person types, a new
 * `defaultValue` (e.g. the current proposal arriving) replaces the text.
 */
export function MarkdownField({
  id,
  name,
  label,
  rows = 5,
  defaultValue = "",
  errors,
  hint,
  onValueChange,
}: {
  id: string;
  name: string;
  label: string;
  rows?: number;
  defaultValue?: string;
  errors?: string[];
  hint?: string;
  /** Told of every edit (e.g. to look up similar counterexamples while typing). */
  onValueChange?: (value: string) => void;
}) {
  const [value, setValue] = useState(defaultValue);
  const [mode, setMode] = useState<Mode>("write");
  const touched = useRef(false);
  useEffect(() => {
    if (!touched.current) setValue(defaultValue);
  }, [defaultValue]);
  const tabId = (m: Mode) => `${id}-${m}-tab`;
  const panelId = (m: Mode) => `${id}-${m}-panel`;
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    const next: Mode = mode === "write" ? "preview" : "write";
    setMode(next);
    document.getElementById(tabId(next))?.focus();
  };
  return (
    <div className="md-field">
      <div className="md-field-head">
        <label htmlFor={id}>{label}</label>
        <div role="tablist" aria-label={`Write or preview: ${label}`} className="md-tabs">
          {(["write", "preview"] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              id={tabId(m)}
              aria-selected={mode === m}
              aria-controls={panelId(m)}
              tabIndex={mode === m ? 0 : -1}
              onClick={() => setMode(m)}
              onKeyDown={onKeyDown}
            >
              {m === "write" ? "Write" : "Preview"}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id={panelId("write")} aria-labelledby={tabId("write")} hidden={mode !== "write"}>
        <textarea
          id={id}
          name={name}
          rows={rows}
          value={value}
          onChange={(e) => {
            touched.current = true;
            setValue(e.target.value);
            onValueChange?.(e.target.value);
          }}
          {...describedAttributes({ id, hint, errors })}
        />
      </div>
      <div role="tabpanel" id={panelId("preview")} aria-labelledby={tabId("preview")} hidden={mode !== "preview"} className="md-preview" data-testid={`${id}-preview`} tabIndex={0}>
        {mode === "preview" ? value.trim() ? <Markdown text={value} /> : <p className="muted small">Nothing to preview yet.</p> : null}
      </div>
      <FieldMessages id={id} hint={hint} errors={errors} />
    </div>
  );
}
