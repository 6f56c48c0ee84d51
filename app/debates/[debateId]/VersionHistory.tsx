"use client";
import { useEffect, useState } from "react";
import { callApi, errorText } from "@/lib/client/api";
import { getVersion, type DebateViewProps, type VersionView } from "@/lib/contracts/debates";
import type { Forest } from "@/lib/domain/debate/tree";
import { Markdown } from "@/app/components/Markdown";
import type { TreeRowData } from "./tree-row";

type VersionRef = DebateViewProps["debate"]["versions"][number];

/** Every version of the plan, newest first; opening one shows its changes from the one before, rendered. */
export function VersionHistory({ debateId, versions, byId, onOpen }: {
  debateId: string;
  versions: readonly VersionRef[];
  byId: Forest<TreeRowData>["byId"];
  onOpen: (nodeId: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const newestFirst = [...versions].sort((a, b) => b.number - a.number);
  return (
    <details className="version-history" data-testid="version-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>History of the plan ({versions.length} version{versions.length === 1 ? "" : "s"})</summary>
      {open ? (
        <ol className="timeline" reversed>
          {newestFirst.map((v, i) => (
            <VersionEntry key={v.number} debateId={debateId} version={v} author={byId.get(v.nodeId)?.row.authorName} initiallyOpen={i === 0} onOpen={onOpen} />
          ))}
        </ol>
      ) : null}
    </details>
  );
}

function VersionEntry({ debateId, version, author, initiallyOpen, onOpen }: {
  debateId: string;
  version: VersionRef;
  author: string | undefined;
  initiallyOpen: boolean;
  onOpen: (nodeId: string) => void;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  const [view, setView] = useState<VersionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open || view) return;
    callApi(getVersion, { params: { debateId, number: version.number } })
      .then(({ version: v }) => setView(v))
      .catch((e: unknown) => setError(errorText(e)));
  }, [open, view, debateId, version.number]);
  return (
    <li data-testid={`version-${version.number}`}>
      <details open={initiallyOpen} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <strong>Version {version.number}</strong>
          <span className="small muted"> · {author ? `${author} · ` : ""}<time dateTime={new Date(version.createdAt).toISOString()}>{new Date(version.createdAt).toLocaleDateString()}</time></span>
        </summary>
        {error ? <p role="alert" className="form-error">{error}</p> : null}
        {view ? (
          <div className="stack">
            <p className="small">
              {view.previousNumber === null ? "The first version." : view.rewritten
                ? `Rewritten: too different from v${view.previousNumber} to compare word by word; the old text is struck through, the new one underlined.`
                : <>Changes from v{view.previousNumber}: <ins>added</ins>, <del>removed</del>.</>}{" "}
              <a href={`#node-${version.nodeId}`} onClick={(e) => { e.preventDefault(); onOpen(version.nodeId); }}>
                {view.previousNumber === null ? "Open the proposal" : "Open the patch"}
              </a>
            </p>
            <div className="version-diff" data-testid="version-diff">
              {view.previousNumber === null ? <Markdown text={view.body} /> : <Markdown text={view.body} diff={view.diff} />}
            </div>
          </div>
        ) : !error && open ? <p className="muted small" role="status">Loading…</p> : null}
      </details>
    </li>
  );
}
