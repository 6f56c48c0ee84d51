"use client";
import { useState } from "react";
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS } from "@/lib/formats/catalog";

/** Downloads of the whole debate, or of the focused subtree. */
export function ExportMenu({ debateId, subtreeId }: { debateId: string; subtreeId: string | null }) {
  const [format, setFormat] = useState<string>("json");
  // Kialo: a clean outline by default; the round trip keeps our data so the file imports back here.
  const [roundTrip, setRoundTrip] = useState(false);
  const keepData = format === "kialo" && roundTrip;
  const href = `/api/v1/debates/${debateId}/export?format=${format}${subtreeId ? `&root=${subtreeId}` : ""}${keepData ? "&roundTrip=1" : ""}&download=1`;
  return (
    <div className="row small">
      <label htmlFor="export-format" style={{ margin: 0 }}>Export{subtreeId ? " branch" : ""}</label>
      <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value)} style={{ width: "auto" }}>
        {EXPORT_FORMATS.map((id) => <option key={id} value={id}>{EXPORT_FORMAT_LABELS[id]}</option>)}
      </select>
      {format === "kialo" ? (
        <label style={{ margin: 0 }} title="Adds Builder/Breaker data to each claim (kinds, sides, titles, names) so the file imports back here unchanged; Kialo itself wants the clean outline">
          <input type="checkbox" checked={roundTrip} onChange={(e) => setRoundTrip(e.target.checked)} data-testid="export-round-trip" /> For re-import here
        </label>
      ) : null}
      <a className="button secondary" href={href} download data-testid="export-download">Download</a>
    </div>
  );
}
