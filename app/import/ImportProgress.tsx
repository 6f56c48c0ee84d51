"use client";
import { useEffect, useState } from "react";
import type { UploadProgress } from "@/lib/client/api";

/** Where an import is: sending the file, then the server reading it and writing the debate, then opening it. */
export type ImportPhase = "upload" | "server" | "opening";

const PHASES: { id: ImportPhase; label: string }[] = [
  { id: "upload", label: "Uploading the file" },
  { id: "server", label: "Reading it and writing the debate" },
  { id: "opening", label: "Opening the debate" },
];

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Whole seconds since `since`, ticking once a second. */
export function useElapsedSeconds(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}

/**
 * Upload progress (a real progressbar with bytes and percent) and the import's phase with the time
 * it has taken. Shown only once an import has run for a second: quick ones just finish.
 * The phase line is a polite live region, so a screen reader hears each phase once; the bar
 * carries its value in aria-valuenow/aria-valuetext.
 */
export function ImportProgress({ phase, progress, fileSize, elapsed }: { phase: ImportPhase; progress: UploadProgress | null; fileSize: number; elapsed: number }) {
  const total = progress?.total || fileSize;
  const sent = phase === "upload" ? Math.min(progress?.loaded ?? 0, total) : total;
  const percent = total > 0 ? Math.round((sent / total) * 100) : 0;
  const current = PHASES.findIndex((p) => p.id === phase);
  const label = phase === "upload" ? `${formatBytes(sent)} of ${formatBytes(total)} (${percent}%)` : `${formatBytes(total)} sent`;
  return (
    <div className="import-progress stack" data-testid="import-progress">
      <div
        role="progressbar"
        aria-label="Upload"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={label}
        className="import-progress-bar"
        data-testid="import-upload-bar"
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <div className="small muted" data-testid="import-upload-text">{label}</div>
      <ol className="import-phases small">
        {PHASES.map((p, i) => (
          <li key={p.id} className={i < current ? "done" : i === current ? "current" : "todo"} aria-current={i === current ? "step" : undefined}>
            {i < current ? "✓ " : ""}
            {p.label}
          </li>
        ))}
      </ol>
      <p className="small" aria-live="polite" data-testid="import-phase">
        {PHASES[current]!.label}…
      </p>
      <p className="small muted" data-testid="import-elapsed">{elapsed} s elapsed</p>
    </div>
  );
}
