"use client";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { ApiError, errorText, UploadNetworkError, uploadApi, type UploadProgress } from "@/lib/client/api";
import { importDebate } from "@/lib/contracts/transfer";
import type { QueryOf } from "@/lib/contracts/define";
import { IMPORT_FORMAT_LABELS, IMPORT_FORMATS, type ImportFormat as Format } from "@/lib/formats/catalog";
import { IMPORT_MAX_BYTES, IMPORT_MAX_MB } from "@/lib/formats/limits";
import { formatBytes, ImportProgress, useElapsedSeconds, type ImportPhase } from "./ImportProgress";
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
  /** What was going on when it failed ("The upload stopped at 3.2 of 10.0 MB"). */
  stage?: string;
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
  const [phase, setPhase] = useState<ImportPhase>("upload");
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const elapsed = useElapsedSeconds(startedAt);
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
    setPhase("upload");
    setProgress(null);
    const started = Date.now();
    setStartedAt(started);
    let uploaded = false;
    try {
      const contentType = format === "json" || (format === "auto" && file.name.toLowerCase().endsWith(".json")) ? "application/json" : "text/plain; charset=utf-8";
      const { debate, report } = await uploadApi(importDebate, { query }, file, contentType, {
        onUploadProgress: setProgress,
        onUploaded: () => {
          uploaded = true;
          setPhase("server");
        },
      });
      // Whatever had no exact place is shown before going on; a file that fitted entirely opens at once.
      if (report.length) {
        setDone({ id: debate.id, report });
        setPending(false);
        setStartedAt(null);
      } else {
        setPhase("opening");
        router.push(`/debates/${debate.id}`);
        router.refresh();
      }
    } catch (error) {
      const seconds = Math.round((Date.now() - started) / 1000);
      setPending(false);
      setStartedAt(null);
      if (error instanceof UploadNetworkError) {
        setProblem({
          stage: uploaded ? `The file was sent, but no answer came back (after ${seconds} s).` : `The upload stopped at ${formatBytes(error.sentBytes)} of ${formatBytes(file.size)}.`,
          message: "The connection was lost. Nothing was imported; check the connection and try again.",
        });
        return;
      }
      // A format error names where the file went wrong: { line, column, path, expected }.
      const d = error instanceof ApiError ? (error.details as { line?: number | null; column?: number | null; path?: string | null; expected?: string | null } | undefined) : undefined;
      const where = d ? [d.line != null ? `line ${d.line}${d.column != null ? `, column ${d.column}` : ""}` : null, d.path ?? null].filter(Boolean).join(" · ") : "";
      setProblem({
        stage: `The import failed ${uploaded ? `while the server read the file (after ${seconds} s)` : "during the upload"}; nothing was imported.`,
        message: errorText(error),
        where: where || undefined,
        expected: d?.expected ?? undefined,
      });
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
          {problem.stage ? <div>{problem.stage}</div> : null}
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
      {pending && file && elapsed >= 1 ? <ImportProgress phase={phase} progress={progress} fileSize={file.size} elapsed={elapsed} /> : null}
    </form>
  );
}
