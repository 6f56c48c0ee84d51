"use client";
import { useState } from "react";
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS } from "@/lib/formats/catalog";

/** Downloads of the whole debate, or of the focused subtree. */
export function ExportMenu({ debateId, subtreeId }: { debateId: string; subtreeId: string | null }) {
  const [format, setFormat] = useState<string>("json");
  const href = `/api/v1/debates/${debateId}/export?format=${format}${subtreeId ? `&root=${subtreeId}` : ""}&download=1`;
  return (
    <div className="row small">
      <label htmlFor="export-format" style={{ margin: 0 }}>Export{subtreeId ? " branch" : ""}</label>
      <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value)} style={{ width: "auto" }}>
        {EXPORT_FORMATS.map((id) => <option key={id} value={id}>{EXPORT_FORMAT_LABELS[id]}</option>)}
      </select>
      <a className="button secondary" href={href} download data-testid="export-download">Download</a>
    </div>
  );
}
