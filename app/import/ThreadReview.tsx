"use client";
// Paste a discussion thread, review the proposed tree (parent, kind, side of each move), then import it.
// The thread is read in the browser by the same pure reader the API uses (format=thread); what is posted is
// the reviewed builder-breaker/2 document, so the server validates it like any JSON import.
import { useState } from "react";
import { ApiError, errorText, uploadApi } from "@/lib/client/api";
import { importDebate } from "@/lib/contracts/transfer";
import { locateQuote } from "@/lib/domain/debate/quote";
import { MOVE_KINDS, NODE_KIND_LABELS, SIDE_LABELS, SIDES, type MoveKind, type Side } from "@/lib/domain/vocabulary";
import type { DebateDocument } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { ImportReport } from "@/lib/formats/import/report";
import { importThreadSteps } from "@/lib/formats/import/thread";
import { runSteps } from "@/lib/formats/steps";

export interface ImportDone {
  id: string;
  report: string[];
}

function excerpt(text: string, max = 90): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** A changed parent keeps the quote only where the new parent's text holds it too. */
export function reparent(doc: DebateDocument, ref: string, parentRef: string): DebateDocument {
  const parent = doc.nodes.find((n) => n.ref === parentRef);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.ref !== ref ? n : { ...n, parentRef, quote: n.quote && parent ? locateQuote(parent.body, n.quote.text) : null })),
  };
}

export function ThreadReview({ visibility, onDone }: { visibility: string; onDone: (done: ImportDone) => void }) {
  const [text, setText] = useState("");
  const [doc, setDoc] = useState<DebateDocument | null>(null);
  const [report, setReport] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function review() {
    setProblem(null);
    try {
      const collected = new ImportReport();
      setDoc(runSteps(importThreadSteps(text, { report: collected })));
      setReport(collected.lines());
    } catch (error) {
      setDoc(null);
      setProblem(error instanceof FormatError ? error.message : errorText(error));
    }
  }

  function edit(ref: string, change: Partial<{ kind: MoveKind; side: Side }>) {
    setDoc((d) => d && { ...d, nodes: d.nodes.map((n) => (n.ref === ref ? { ...n, ...change } : n)) });
  }

  async function submit() {
    if (!doc) return;
    setPending(true);
    setProblem(null);
    try {
      const query = { format: "json", visibility } as Parameters<typeof uploadApi<typeof importDebate>>[1]["query"];
      const result = await uploadApi(importDebate, { query }, JSON.stringify(doc), "application/json");
      onDone({ id: result.debate.id, report: [...report, ...result.report] });
    } catch (error) {
      setProblem(error instanceof ApiError ? `${error.message}` : errorText(error));
      setPending(false);
    }
  }

  const nameOf = new Map(doc?.participants.map((p) => [p.ref, p.displayName]) ?? []);
  const numberOf = new Map(doc?.nodes.map((n, i) => [n.ref, i + 1]) ?? []);
  return (
    <div className="stack" data-testid="thread-import">
      <div>
        <label htmlFor="thread-text">Paste a discussion thread</label>
        <textarea id="thread-text" rows={10} value={text} onChange={(e) => setText(e.target.value)}
          placeholder={"**Ana**\nFirst post…\n\n---\n\n**Ben** wrote:\n> a quoted passage\n\nA reply to it…"} />
        <p className="muted">Paragraphs become moves; lines such as “Ana:” or “**Ana** wrote:” name their author; a reply that quotes an earlier passage (a “&gt;” block or a quotation in “…”) is placed under it.</p>
      </div>
      <button type="button" onClick={review} disabled={!text.trim()}>Review</button>
      {problem ? <div role="alert" className="form-error" data-testid="thread-error">{problem}</div> : null}
      {doc ? (
        <>
          <h2>Proposed tree</h2>
          {report.length ? <ul className="muted" data-testid="thread-report">{report.map((line) => <li key={line}>{line}</li>)}</ul> : null}
          <div className="table-scroll">
            <table data-testid="thread-review">
              <thead><tr><th>#</th><th>Move</th><th>Author</th><th>Parent</th><th>Kind</th><th>Side</th></tr></thead>
              <tbody>
                {doc.nodes.map((n, i) => (
                  <tr key={n.ref} data-testid={`review-row-${i + 1}`}>
                    <td>{i + 1}</td>
                    <td>
                      {excerpt(n.body)}
                      {n.quote ? <div className="muted">quotes “{excerpt(n.quote.text, 60)}”</div> : null}
                    </td>
                    <td>{nameOf.get(n.authorRef) ?? "—"}</td>
                    <td>
                      {n.parentRef === null ? "— (proposal)" : (
                        <select aria-label={`Parent of move ${i + 1}`} value={n.parentRef} onChange={(e) => setDoc((d) => d && reparent(d, n.ref, e.target.value))}>
                          {/* Only earlier moves: the tree cannot get a cycle. */}
                          {doc.nodes.slice(0, i).map((p) => <option key={p.ref} value={p.ref}>{numberOf.get(p.ref)}. {excerpt(p.body, 40)}</option>)}
                        </select>
                      )}
                    </td>
                    <td>
                      {n.parentRef === null ? NODE_KIND_LABELS.PROPOSAL : (
                        <select aria-label={`Kind of move ${i + 1}`} value={n.kind} onChange={(e) => edit(n.ref, { kind: e.target.value as MoveKind })}>
                          {MOVE_KINDS.map((k) => <option key={k} value={k}>{NODE_KIND_LABELS[k]}</option>)}
                        </select>
                      )}
                    </td>
                    <td>
                      <select aria-label={`Side of move ${i + 1}`} value={n.side} onChange={(e) => edit(n.ref, { side: e.target.value as Side })}>
                        {SIDES.map((s) => <option key={s} value={s}>{SIDE_LABELS[s]}</option>)}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" onClick={submit} disabled={pending}>{pending ? "Importing…" : "Import this tree"}</button>
        </>
      ) : null}
    </div>
  );
}
