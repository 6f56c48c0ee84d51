"use client";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { errorText } from "@/app/components/api-client";
import { IMPORT_FORMAT_LABELS, IMPORT_FORMATS, type ImportFormat as Format } from "@/lib/formats/catalog";
import { IMPORT_MAX_BYTES, IMPORT_MAX_MB } from "@/lib/formats/limits";

/** The format a file name suggests; undefined leaves it to the server (it sniffs the text). */
function formatFromName(name: string): Format | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".argdown") || lower.endsWith(".ad") || lower.endsWith(".md")) return "argdown";
  if (lower.endsWith(".txt")) return "kialo";
  return undefined;
}

interface Problem {
  message: string;
  where?: string;
  expected?: string | null;
}

export function ImportForm() {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<"auto" | Format>("auto");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const router = useRouter();

  function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    setProblem(null);
    if (chosen) setFormat(formatFromName(chosen.name) ?? "auto");
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setProblem({ message: "Choose a file to import" });
    if (file.size > IMPORT_MAX_BYTES) return setProblem({ message: `The file is larger than the ${IMPORT_MAX_MB} MB import limit` });
    const visibility = String(new FormData(event.currentTarget).get("visibility") ?? "PRIVATE");
    const query = new URLSearchParams({ visibility });
    if (format !== "auto") query.set("format", format);
    setPending(true);
    setProblem(null);
    try {
      const response = await fetch(`/api/v1/debates/import?${query}`, {
        method: "POST",
        headers: { "content-type": format === "json" || (format === "auto" && file.name.toLowerCase().endsWith(".json")) ? "application/json" : "text/plain; charset=utf-8" },
        body: file,
        credentials: "same-origin",
      });
      const data = (await response.json().catch(() => ({}))) as {
        debate?: { id: string };
        error?: { message?: string; details?: { line?: number | null; column?: number | null; path?: string | null; expected?: string | null } };
      };
      if (!response.ok || !data.debate) {
        const d = data.error?.details;
        const where = d ? [d.line != null ? `line ${d.line}${d.column != null ? `, column ${d.column}` : ""}` : null, d.path ?? null].filter(Boolean).join(" · ") : "";
        setProblem({ message: data.error?.message ?? `Import failed (${response.status})`, where: where || undefined, expected: d?.expected });
        setPending(false);
        return;
      }
      router.push(`/debates/${data.debate.id}`);
      router.refresh();
    } catch (error) {
      setProblem({ message: errorText(error) });
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {problem ? (
        <div role="alert" className="form-error" data-testid="import-error">
          <strong>{problem.message}</strong>
          {problem.where ? <div>At {problem.where}</div> : null}
          {problem.expected ? <div>Expected {problem.expected}</div> : null}
        </div>
      ) : null}
      <div>
        <label htmlFor="import-file">File</label>
        <input id="import-file" name="file" type="file" accept=".json,.argdown,.ad,.md,.txt,application/json,text/plain" onChange={onFile} />
      </div>
      <div className="row">
        <div>
          <label htmlFor="import-format">Format</label>
          <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as "auto" | Format)}>
            <option value="auto">Detect</option>
            {IMPORT_FORMATS.map((f) => <option key={f} value={f}>{IMPORT_FORMAT_LABELS[f]}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="import-visibility">Visibility</label>
          <select id="import-visibility" name="visibility" defaultValue="PRIVATE">
            <option value="PRIVATE">Private: members only</option>
            <option value="UNLISTED">Unlisted: anyone with the link</option>
            <option value="PUBLIC">Public: listed, anyone can read</option>
          </select>
        </div>
      </div>
      <button type="submit" disabled={pending || !file}>{pending ? "Importing…" : "Import"}</button>
    </form>
  );
}
