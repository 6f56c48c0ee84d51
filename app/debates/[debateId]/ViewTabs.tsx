"use client";
import type { KeyboardEvent } from "react";

/** ARIA tabs: one tab stop, arrows/Home/End move between tabs (WAI-ARIA tabs pattern, automatic activation). */
export function ViewTabs<T extends string>({ tabs, selected, onSelect, panelId }: {
  tabs: readonly (readonly [T, string])[];
  selected: T;
  onSelect: (tab: T) => void;
  panelId: string;
}) {
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex(([id]) => id === selected);
    const to = event.key === "ArrowRight" ? index + 1 : event.key === "ArrowLeft" ? index - 1 : event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1 : null;
    if (to === null) return;
    event.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length]![0];
    onSelect(next);
    document.getElementById(`tab-${next}`)?.focus();
  }
  return (
    <div className="tabs" role="tablist" aria-label="Debate views" onKeyDown={onKeyDown}>
      {tabs.map(([id, label]) => (
        <button key={id} id={`tab-${id}`} type="button" role="tab" aria-selected={selected === id} aria-controls={panelId} tabIndex={selected === id ? 0 : -1} onClick={() => onSelect(id)}>
          {label}
        </button>
      ))}
    </div>
  );
}
