"use client";
import { useState } from "react";

export const EXPORT_FORMATS = [
  ["json", "JSON (builder-breaker/1)"],
  ["markdown", "Markdown outline"],
  ["argdown", "Argdown"],
  ["aif", "AIF JSON"],
  ["kialo", "Kialo outline"],
  ["dot", "GraphViz DOT"],
  ["graphml", "GraphML"],
  ["svg", "SVG picture"],
] as const;

/** Downloads of the whole debate, or of the focused subtree. */
export function ExportMenu({ debateId, subtreeId }: { debateId: string; subtreeId: string | null }) {
  const [format, setFormat] = useState<string>("json");
  const href = `/api/v1/debates/${debateId}/export?format=${format}${subtreeId ? `&root=${subtreeId}` : ""}&download=1`;
  return (
    <div className="row small">
      <label htmlFor="export-format" style={{ margin: 0 }}>Export{subtreeId ? " branch" : ""}</label>
      <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value)} style={{ width: "auto" }}>
        {EXPORT_FORMATS.map(([id, label]) => <option key={id} value={id}>{label}</option>)}
      </select>
      <a className="button secondary" href={href} download data-testid="export-download">Download</a>
    </div>
  );
}
