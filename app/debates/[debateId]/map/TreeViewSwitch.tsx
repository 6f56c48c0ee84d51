"use client";
import { useCallback, useState, type KeyboardEvent } from "react";

export type TreeViewChoice = "outline" | "map";
const CHOICES: [TreeViewChoice, string][] = [
  ["outline", "Outline"],
  ["map", "Map"],
];
const STORAGE_KEY = "bb:tree-view";

/** The reader's last choice of outline or map, kept in this browser. */
export function useTreeViewChoice(): [TreeViewChoice, (choice: TreeViewChoice) => void] {
  // DebateView renders in the browser only (after the overview loads), so storage is there.
  const [choice, setChoice] = useState<TreeViewChoice>(() => {
    try {
      return window.localStorage.getItem(STORAGE_KEY) === "map" ? "map" : "outline";
    } catch {
      return "outline";
    }
  });
  const choose = useCallback((next: TreeViewChoice) => {
    setChoice(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
  }, []);
  return [choice, choose];
}

/** Outline | Map: two tabs over the same tree (arrow keys move between them, as tabs do). */
export function TreeViewSwitch({ value, onChange }: { value: TreeViewChoice; onChange: (choice: TreeViewChoice) => void }) {
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    const at = CHOICES.findIndex(([id]) => id === value);
    const next = CHOICES[(at + (event.key === "ArrowRight" ? 1 : CHOICES.length - 1)) % CHOICES.length]![0];
    onChange(next);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-choice="${next}"]`)?.focus();
  }
  return (
    <div className="tabs" role="tablist" aria-label="Show the tree as" onKeyDown={onKeyDown} style={{ marginBottom: 8 }}>
      {CHOICES.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          data-choice={id}
          aria-selected={value === id}
          tabIndex={value === id ? 0 : -1}
          onClick={() => onChange(id)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
