"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Forest } from "@/lib/domain/debate/tree";
import { refutedByEvidence, type ScoreboardSummary } from "@/lib/domain/debate/scoreboard";
import { callApi, errorText } from "@/lib/client/api";
import { getVersion, type VersionView } from "@/lib/contracts/debates";
import { acceptRebuttal, getNode, retractNode, type NodeDetail } from "@/lib/contracts/nodes";
import { Markdown } from "@/app/components/Markdown";
import { locateQuote } from "@/lib/domain/debate/quote";
import { selectionText } from "@/app/components/selection-text";
import type { DebateViewProps } from "@/lib/contracts/debates";
import { labelOf, type TreeRowData } from "./tree-row";
import { kindLabel } from "./TreeView";
import { EditForm, PruneForm, ReplyForm } from "./MoveForms";
import { EmpiricalPanel } from "./EmpiricalPanel";
import { CounterexampleWeighing } from "./ClassesWeights";
import type { Weighing } from "@/lib/contracts/weighing";
import { LinksPanel } from "./LinksPanel";
import type { NodeLinkItem } from "@/lib/contracts/links";
import { CruxLedgerPanel } from "./CruxLedgerPanel";
import { viewerPermissions } from "./viewer-permissions";
import { stateAllows } from "@/lib/domain/debate/node-state";
import type { NodeKind } from "@/lib/domain/vocabulary";

type Panel = "reply" | "edit" | "prune" | "history" | null;

export function NodePanel({
  debate,
  me,
  viewerId,
  nodeId,
  forest,
  scoreboard,
  weighing,
  needsReview = false,
  links = [],
  remoteChanges,
  onSelect,
  onFocus,
  onChanged,
}: {
  debate: DebateViewProps["debate"];
  me: DebateViewProps["me"];
  viewerId: string | null;
  nodeId: string;
  forest: Forest<TreeRowData>;
  scoreboard: ScoreboardSummary;
  weighing?: Weighing;
  needsReview?: boolean;
  /** The debate's cross-links (the panel lists this node's). */
  links?: readonly NodeLinkItem[];
  /** Live events naming this node, and resyncs, so far (a change re-reads it). */
  remoteChanges: number;
  onSelect: (id: string) => void;
  onFocus: (id: string) => void;
  onChanged: () => void;
}) {
  const [node, setNode] = useState<NodeDetail | null>(null);
  const [version, setVersion] = useState<VersionView | null>(null);
  const [currentProposal, setCurrentProposal] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [quote, setQuote] = useState<{ text: string; start: number; end: number } | null>(null);
  const [panelMessage, setPanelMessage] = useState<string | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const { node: detail } = await callApi(getNode, { params: { debateId: debate.id, nodeId } });
      setNode(detail);
      setError(null);
      if (detail.version) {
        const { version: v } = await callApi(getVersion, { params: { debateId: debate.id, number: detail.version.number } });
        setVersion(v);
      }
    } catch (e) {
      setError(errorText(e));
    }
  }, [debate.id, nodeId]);

  // Read on open, and again when a live event names this node (remoteChanges counts them).
  // Our own actions below re-read after they succeed. A change elsewhere in the debate
  // reloads the tree but not this node.
  useEffect(() => {
    void load();
  }, [load, remoteChanges]);

  useEffect(() => {
    if (panel !== "reply") return;
    const latest = debate.versions[debate.versions.length - 1];
    if (!latest) return;
    void callApi(getVersion, { params: { debateId: debate.id, number: latest.number } })
      .then(({ version: v }) => setCurrentProposal(v.body))
      .catch(() => setCurrentProposal(""));
  }, [panel, debate.id, debate.versions]);

  if (error) return <div className="panel form-error" role="alert">{error}</div>;
  if (!node) return <div className="panel muted">Loading…</div>;

  const permits = viewerPermissions(debate, me, viewerId);
  const target = { authorId: node.authorId, kind: node.kind as NodeKind };
  const parentRow = node.parentId ? forest.byId.get(node.parentId)?.row : undefined;
  const canPrune = stateAllows("branch:prune", node) && permits("branch:prune", { target });
  const canReopen = node.prunedAt !== null && permits("branch:reopen", { target });
  // A rebuttal refuted by its own resolution cannot be accepted, and stops counting if it was (decision 002).
  const refutedRebuttal = node.kind === "REBUTTAL" && refutedByEvidence(node);
  const canAccept =
    node.kind === "REBUTTAL" && !node.acceptedAt && !node.retractedAt && !refutedRebuttal &&
    permits("node:accept-rebuttal", { target: { ...target, parentAuthorId: parentRow?.authorId ?? null } });
  const liveCounterexamples = scoreboard.counterexamples
    .filter((c) => c.disposition === "live")
    .map((c) => ({ id: c.id, label: labelOf(forest.byId.get(c.id)?.row) }));

  // Quote-reply: the selection must be a passage of this node's own text, as rendered
  // (formatting and all); it is located in, and verified against, the node's quotable text.
  function captureQuote() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !node) return;
    const body = bodyRef.current;
    const inBody = body !== null && body.contains(selection.anchorNode) && body.contains(selection.focusNode);
    const selected = inBody ? selectionText(selection) : "";
    if (selected === null) {
      setQuote(null);
      setPanelMessage("A formula can only be quoted whole: select all of it, or only the words around it.");
      return;
    }
    const found = inBody ? locateQuote(node.body, selected) : null;
    if (!found) {
      setQuote(null);
      setPanelMessage("Select a passage within the text of this move to quote it.");
      return;
    }
    setPanelMessage(null);
    setQuote(found);
    setPanel("reply");
  }
  async function act(contract: typeof retractNode | typeof acceptRebuttal, done?: () => void) {
    try {
      await callApi(contract, { params: { debateId: debate.id, nodeId: node!.id } });
      done?.();
      onChanged();
      void load();
    } catch (e) {
      setPanelMessage(errorText(e));
    }
  }

  return (
    <div className="panel stack" data-testid="node-panel">
      <div className="row">
        <span className={`badge side-${node.side}`}>{kindLabel(node.kind)}</span>
        {node.version ? <span className="badge kind">proposal v{node.version.number}</span> : null}
        {node.targetVersions.length ? <span className="small muted">breaks v{node.targetVersions.join(", v")}</span> : null}
        {node.prunedAt ? <span className="badge pruned">pruned</span> : null}
        {node.retractedAt ? <span className="badge retracted">retracted</span> : null}
        {node.acceptedAt ? <span className="badge stands">accepted rebuttal</span> : null}
        {node.resolutionMode === "EMPIRICAL" ? <span className="badge empirical">empirical</span> : null}
        {node.outcome ? <span className={`badge outcome-${node.outcome}`}>{node.outcome.toLowerCase()}</span> : null}
      </div>
      {node.title ? <h2 style={{ margin: 0 }}>{node.title}</h2> : null}
      <div className="small muted">
        {node.author.displayName} as {node.side.toLowerCase()} · <time dateTime={new Date(node.createdAt).toISOString()}>{new Date(node.createdAt).toLocaleString()}</time>
        {node.revision > 1 ? ` · revision ${node.revision}` : ""}
        {parentRow ? (
          <> · reply to <a href={`#node-${parentRow.id}`} onClick={(e) => { e.preventDefault(); onSelect(parentRow.id); }}>{labelOf(parentRow)}</a></>
        ) : null}
      </div>
      {refutedRebuttal ? (
        <p className="notice small" data-testid="refuted-rebuttal">
          {node.acceptedAt
            ? "Accepted, but since refuted by its resolution: it no longer counts against the counterexample."
            : "This rebuttal was refuted by its resolution, so it cannot be accepted."}
        </p>
      ) : null}
      {node.quoteText ? <blockquote className="quote" data-testid="node-quote">{node.quoteText}</blockquote> : null}
      <div ref={bodyRef} data-testid="node-body"><Markdown text={node.body} /></div>
      {version && node.kind === "PATCH" ? (
        <details open>
          <summary>Proposal version {version.number}{version.previousNumber ? ` (changes from v${version.previousNumber})` : ""}</summary>
          {/* Rendered: the new text formatted, with the words added and removed marked. */}
          {version.rewritten ? <p className="notice small" data-testid="version-rewritten">Rewritten: v{version.number} replaces the text of v{version.previousNumber} as a whole, so no word-by-word changes are shown.</p> : null}
          <div className="version-diff" data-testid="version-diff">
            {version.previousNumber === null ? <Markdown text={version.body} /> : <Markdown text={version.body} diff={version.diff} />}
          </div>
        </details>
      ) : null}
      {panelMessage ? <p role="alert" className="form-error">{panelMessage}</p> : null}
      <div className="row">
        {permits("node:create", { createKind: "COMMENT" }) && !node.retractedAt ? (
          <>
            <button type="button" onClick={() => { setQuote(null); setPanel(panel === "reply" ? null : "reply"); }}>Reply</button>
            <button type="button" className="secondary" onClick={captureQuote} title="Select text above first">Quote selection</button>
          </>
        ) : null}
        {permits("node:edit", { target }) && stateAllows("node:edit", node) ? <button type="button" className="secondary" onClick={() => setPanel(panel === "edit" ? null : "edit")}>Edit</button> : null}
        {permits("node:retract", { target }) && stateAllows("node:retract", node) ? (
          <button type="button" className="secondary" onClick={() => void act(retractNode)}>Retract</button>
        ) : null}
        {canAccept ? <button type="button" className="secondary" onClick={() => void act(acceptRebuttal)}>Accept rebuttal</button> : null}
        {canPrune || canReopen ? (
          <button type="button" className="secondary" onClick={() => setPanel(panel === "prune" ? null : "prune")}>{node.prunedAt ? "Reopen" : "Prune"}</button>
        ) : null}
        <button type="button" className="secondary" onClick={() => onFocus(node.id)}>Focus branch</button>
        <button type="button" className="secondary" onClick={() => setPanel(panel === "history" ? null : "history")}>History</button>
      </div>
      {panel === "reply" ? (
        <ReplyForm
          debate={debate}
          parent={node}
          quote={quote}
          liveCounterexamples={liveCounterexamples}
          currentProposal={currentProposal}
          permits={permits}
          classes={weighing?.classes ?? []}
          onPosted={(id) => { setPanel(null); onChanged(); onSelect(id); }}
        />
      ) : null}
      {panel === "edit" ? <EditForm debateId={debate.id} node={node} onSaved={() => { setPanel(null); onChanged(); void load(); }} /> : null}
      {panel === "prune" ? <PruneForm debateId={debate.id} node={node} onDone={() => { setPanel(null); onChanged(); void load(); }} /> : null}
      {node.pruneEvents.length ? (
        <section aria-label="Branch timeline">
          <h3>Branch timeline</h3>
          <ul className="timeline">
            {node.pruneEvents.map((e) => (
              <li key={e.id} className={e.action}>
                <strong>{e.action === "PRUNE" ? "Pruned" : "Reopened"}</strong>
                {e.category ? ` (${e.category.toLowerCase().replaceAll("_", " ")})` : ""} · {new Date(e.createdAt).toLocaleString()}
                {e.promise !== null ? ` · promise ${e.promise}` : ""}
                <div>{e.reason}</div>
                {e.duplicateOf ? <a href={`#node-${e.duplicateOf}`} onClick={(ev) => { ev.preventDefault(); onSelect(e.duplicateOf!); }}>duplicate of this node</a> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {panel === "history" ? (
        <section aria-label="Revision history">
          <h3>Revisions</h3>
          {node.revisions.length === 0 ? <p className="small muted">Never edited.</p> : null}
          <ol className="timeline">
            {node.revisions.map((r) => (
              <li key={r.revision}>
                <strong>Revision {r.revision}</strong> · {new Date(r.createdAt).toLocaleString()}
                <div className="small">{r.title}</div>
                <div className="small muted" style={{ whiteSpace: "pre-wrap" }}>{r.body}</div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {weighing ? (
        <CounterexampleWeighing debateId={debate.id} node={node} weighing={weighing} permits={permits} remoteChanges={remoteChanges} onChanged={onChanged} />
      ) : null}
      <LinksPanel debateId={debate.id} nodeId={node.id} links={links} forest={forest} permits={permits} onSelect={onSelect} onChanged={onChanged} />
      <EmpiricalPanel debateId={debate.id} node={node} viewerId={viewerId} permits={permits} needsReview={needsReview} onChanged={() => { onChanged(); void load(); }} />
      <CruxLedgerPanel debateId={debate.id} node={node} permits={permits} remoteChanges={remoteChanges} onChanged={onChanged} />
    </div>
  );
}
