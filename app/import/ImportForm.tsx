"use client";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { ApiError, errorText, uploadApi } from "@/lib/client/api";
import { importDebate } from "@/lib/contracts/transfer";
import type { QueryOf } from "@/lib/contracts/define";
import { IMPORT_FORMAT_LABELS, IMPORT_FORMATS, type ImportFormat as Format } from "@/lib/formats/catalog";
import { IMPORT_MAX_BYTES, IMPORT_MAX_MB } from "@/lib/formats/limits";
import { ThreadReview, type ImportDone } from "./ThreadReview";

/** The format a file name suggests; undefined leaves it to the server (it sniffs the text). */
function formatFromName(name: string): Format | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith(".aif.json") || lower.endsWith(".aif")) return "aif";
  if (lower.endsWith(".json")) return undefined; // our document or AIF: the server tells them apart
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
  const [done, setDone] = useState<ImportDone | null>(null);
  const [source, setSource] = useState<"file" | "thread">("file");
  const [visibility, setVisibility] = useState("PRIVATE");
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
    const query = { visibility, ...(format !== "auto" ? { format } : {}) } as QueryOf<typeof importDebate>;
    setPending(true);
    setProblem(null);
    try {
      const contentType = format === "json" || (format === "auto" && file.name.toLowerCase().endsWith(".json")) ? "application/json" : "text/plain; charset=utf-8";
      const { debate, report } = await uploadApi(importDebate, { query }, file, contentType);
      // Whatever had no exact place is shown before going on; a file that fitted entirely opens at once.
      if (report.length) {
        setDone({ id: debate.id, report });
        setPending(false);
      } else {
        router.push(`/debates/${debate.id}`);
        router.refresh();
      }
    } catch (error) {
      // A format error names where the file went wrong: { line, column, path, expected }.
      const d = error instanceof ApiError ? (error.details as { line?: number | null; column?: number | null; path?: string | null; expected?: string | null } | undefined) : undefined;
      const where = d ? [d.line != null ? `line ${d.line}${d.column != null ? `, column ${d.column}` : ""}` : null, d.path ?? null].filter(Boolean).join(" · ") : "";
      setProblem({ message: errorText(error), where: where || undefined, expected: d?.expected ?? undefined });
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="stack" data-testid="import-done">
        <p><strong>Imported.</strong> Some of it had no exact place in a debate and was kept another way:</p>
        <ul data-testid="import-report">{done.report.map((line) => <li key={line}>{line}</li>)}</ul>
        <p><a href={`/debates/${done.id}`}>Open the debate</a></p>
      </div>
    );
  }

  const visibilityField = (
    <div>
      <label htmlFor="import-visibility">Visibility</label>
      <select id="import-visibility" name="visibility" value={visibility} onChange={(e) => setVisibility(e.target.value)}>
        <option value="PRIVATE">Private: members only</option>
        <option value="UNLISTED">Unlisted: anyone with the link</option>
        <option value="PUBLIC">Public: listed, anyone can read</option>
      </select>
    </div>
  );

  const sourceChoice = (
    <fieldset className="row">
      <legend>What to import</legend>
      <label><input type="radio" name="import-source" checked={source === "file"} onChange={() => setSource("file")} /> A file</label>
      <label><input type="radio" name="import-source" checked={source === "thread"} onChange={() => setSource("thread")} /> A pasted thread</label>
    </fieldset>
  );

  if (source === "thread") {
    return (
      <div className="stack">
        {sourceChoice}
        {visibilityField}
        <ThreadReview visibility={visibility} onDone={(d) => (d.report.length ? setDone(d) : (router.push(`/debates/${d.id}`), router.refresh()))} />
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {sourceChoice}
      {problem ? (
        <div role="alert" className="form-error" data-testid="import-error">
          <strong>{problem.message}</strong>
          {problem.where ? <div>At {problem.where}</div> : null}
          {problem.expected ? <div>Expected {problem.expected}</div> : null}
        </div>
      ) : null}
      <div>
        <label htmlFor="import-file">File</label>
        <input id="import-file" name="file" type="file" accept=".json,.aif,.argdown,.ad,.md,.txt,application/json,text/plain" onChange={onFile} />
      </div>
      <div className="row">
        <div>
          <label htmlFor="import-format">Format</label>
          <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as "auto" | Format)}>
            <option value="auto">Detect</option>
            {IMPORT_FORMATS.map((f) => <option key={f} value={f}>{IMPORT_FORMAT_LABELS[f]}</option>)}
          </select>
        </div>
        {visibilityField}
      </div>
      <button type="submit" disabled={pending || !file}>{pending ? "Importing…" : "Import"}</button>
    </form>
  );
}
