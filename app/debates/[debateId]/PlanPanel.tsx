"use client";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { callApi, errorText } from "@/lib/client/api";
import { getVersion, type DebateViewProps, type VersionView } from "@/lib/contracts/debates";
import type { Forest } from "@/lib/domain/debate/tree";
import type { ScoreboardSummary } from "@/lib/domain/debate/scoreboard";
import { planStanding, weighedStandingLine } from "@/lib/domain/debate/plan-standing";
import type { Weighing } from "@/lib/contracts/weighing";
import { Markdown } from "@/app/components/Markdown";
import type { TreeRowData } from "./tree-row";
import { VersionHistory } from "./VersionHistory";

/**
 * The plan first: the current proposal version, rendered, with its number and its
 * standing on the scoreboard, and the history of versions one click away. Long plans
 * show their first lines until "Show the whole plan", so the tree stays in view.
 */
export function PlanPanel({
  debate,
  scoreboard,
  weighing,
  byId,
  onOpen,
  analysisPending = false,
}: {
  debate: DebateViewProps["debate"];
  scoreboard: ScoreboardSummary;
  weighing: Weighing;
  byId: Forest<TreeRowData>["byId"];
  onOpen: (nodeId: string) => void;
  /** A large debate's first load: its standing is still being worked out. */
  analysisPending?: boolean;
}) {
  const latest = debate.versions[debate.versions.length - 1];
  const [version, setVersion] = useState<VersionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(false);
  const [overflows, setOverflows] = useState(false);
  const body = useRef<HTMLDivElement>(null);
  const standing = planStanding(scoreboard);
  const weighed = weighedStandingLine({ rule: weighing.rule, current: weighing.current, classCount: weighing.classes.length });

  const latestNumber = latest?.number ?? null;
  useEffect(() => {
    if (latestNumber === null) return;
    let cancelled = false;
    callApi(getVersion, { params: { debateId: debate.id, number: latestNumber } })
      .then(({ version: v }) => { if (!cancelled) { setVersion(v); setError(null); } })
      .catch((e: unknown) => { if (!cancelled) setError(errorText(e)); });
    return () => { cancelled = true; };
  }, [debate.id, latestNumber]);

  // Whether the clamped plan hides anything (then the "Show the whole plan" button shows).
  useLayoutEffect(() => {
    const el = body.current;
    if (!el || expanded) return;
    const measure = () => setOverflows(el.scrollHeight > el.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [version, expanded, debate.context]);

  const author = latest ? byId.get(latest.nodeId)?.row.authorName : undefined;
  return (
    <section className="panel plan" aria-labelledby="plan-heading" data-testid="plan">
      <div className="plan-head">
        <h2 id="plan-heading">
          The plan{latest ? <span className="plan-version" data-testid="plan-version"> · v{latest.number}</span> : null}
        </h2>
        {analysisPending ? (
          <span className="small muted plan-standing" data-testid="plan-standing" role="status">Working out the standing…</span>
        ) : (
          <>
            <span className={`badge ${standing.status === "none" ? "kind" : standing.status}`} data-testid="current-status">{standing.badge}</span>
            <span className="small muted plan-standing" data-testid="plan-standing">{standing.sentence}</span>
          </>
        )}
        {weighed && !analysisPending ? (
          <span className="small plan-weight" data-testid="standing-text" title={`Rule: ${weighed.rule}`}>
            {weighed.text} <span className="muted">(rule: {weighed.rule})</span>
          </span>
        ) : null}
      </div>
      <div id="plan-body" ref={body} className={`plan-body${expanded ? "" : " clamped"}`}>
        {debate.context ? <p className="small muted plan-context"><strong>Context:</strong> {debate.context}</p> : null}
        {debate.links.length ? (
          <p className="small">
            {debate.links.map((l) => (
              <a key={l.url} href={l.url} rel="noopener noreferrer nofollow" target="_blank" style={{ marginRight: 10 }}>{l.label || l.url}</a>
            ))}
          </p>
        ) : null}
        {error ? <p role="alert" className="form-error">{error}</p> : null}
        {version ? <Markdown text={version.body} /> : !error ? <p className="muted small" role="status">Loading the plan…</p> : null}
      </div>
      <div className="row small plan-actions">
        {overflows || expanded ? (
          <button type="button" className="secondary" aria-expanded={expanded} aria-controls="plan-body" onClick={() => setExpanded((x) => !x)}>
            {expanded ? "Show less" : "Show the whole plan"}
          </button>
        ) : null}
        {latest ? (
          <span className="muted">
            {author ? `by ${author} · ` : ""}
            <a href={`#node-${latest.nodeId}`} onClick={(e) => { e.preventDefault(); onOpen(latest.nodeId); }}>
              {latest.number === 1 ? "discuss the proposal" : `open the patch that made v${latest.number}`}
            </a>
          </span>
        ) : null}
        {debate.versions.length > 0 ? <VersionHistory debateId={debate.id} versions={debate.versions} byId={byId} onOpen={onOpen} /> : null}
      </div>
    </section>
  );
}
