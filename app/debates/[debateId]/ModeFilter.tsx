"use client";
import { useState } from "react";
import type { ResolutionMode } from "@/lib/domain/vocabulary";
import { labelOf, type TreeRowData } from "./tree-row";

// In the order the filter lists them; a Record so a new mode fails typecheck until it has a label here.
const MODE_LABELS: Record<ResolutionMode, string> = { EMPIRICAL: "empirical", OUT_OF_SCOPE: "out of scope", ARGUMENTATIVE: "argumentative" };
const MODES = Object.entries(MODE_LABELS);

/** Lists the moves settled a given way (the tree keeps its shape; this is the filtered view). */
export function ModeFilter({ rows, needsReview, onOpen }: { rows: readonly TreeRowData[]; needsReview: readonly string[]; onOpen: (id: string) => void }) {
  const [mode, setMode] = useState<string>("");
  const review = new Set(needsReview);
  const matches = mode === "" ? [] : rows.filter((r) => (mode === "REVIEW" ? review.has(r.id) : r.resolutionMode === mode && r.kind !== "PROPOSAL"));
  return (
    <div className="small" style={{ marginBottom: 8 }}>
      <label htmlFor="mode-filter" style={{ display: "inline", marginRight: 6 }}>Claims settled by</label>
      <select id="mode-filter" value={mode} onChange={(e) => setMode(e.target.value)} style={{ width: "auto" }}>
        <option value="">(all, in the tree)</option>
        {MODES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        <option value="REVIEW">needing review ({needsReview.length})</option>
      </select>
      {mode ? (
        <ul className="list" aria-label="Filtered claims" data-testid="mode-filter-results">
          {matches.length === 0 ? <li className="muted">None.</li> : null}
          {matches.map((r) => (
            <li key={r.id}>
              <button type="button" className="secondary" onClick={() => onOpen(r.id)}>{labelOf(r)}</button>
              {r.outcome ? <span className={`badge outcome-${r.outcome}`}>{r.outcome.toLowerCase()}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
