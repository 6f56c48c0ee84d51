"use client";
import { useState, type FormEvent } from "react";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import { createNode, editNode, pruneBranch, reopenBranch, type NodeDetail } from "@/lib/contracts/nodes";
import type { BodyOf } from "@/lib/contracts/define";
import { Field } from "@/app/components/Field";
import { MOVE_KINDS, NODE_KIND_LABELS, PRUNE_CATEGORIES, PRUNE_CATEGORY_LABELS, type MoveKind, type PruneCategory } from "@/lib/domain/vocabulary";
import type { DebateViewProps } from "@/lib/contracts/debates";
import type { ViewerCan } from "./viewer-permissions";

type Errors = Record<string, string[] | undefined>;
const KIND_HINTS: Record<MoveKind, string> = {
  COUNTEREXAMPLE: "A concrete scenario where the proposal fails",
  PATCH: "A new version of the proposal that answers counterexamples",
  REBUTTAL: "Argue that this does not hold",
  QUESTION: "Ask for clarification",
  COMMENT: "Anything else",
  SUPPORT: "Evidence or an argument that this holds",
};


/** Reply to a node with a move; a selected passage becomes an anchored quote. */
export function ReplyForm({
  debate,
  parent,
  quote,
  liveCounterexamples,
  currentProposal,
  permits,
  onPosted,
}: {
  debate: DebateViewProps["debate"];
  parent: NodeDetail;
  quote: { text: string; start: number; end: number } | null;
  liveCounterexamples: { id: string; label: string }[];
  currentProposal: string;
  permits: ViewerCan;
  onPosted: (id: string) => void;
}) {
  const kinds: MoveKind[] = MOVE_KINDS.filter((k) => permits("node:create", { createKind: k }));
  const [kind, setKind] = useState<MoveKind>(parent.kind === "COUNTEREXAMPLE" && kinds.includes("PATCH") ? "PATCH" : kinds[0] ?? "COMMENT");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const latest = debate.versions[debate.versions.length - 1]?.number ?? 1;
  if (kinds.length === 0) return null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: BodyOf<typeof createNode> = {
      parentId: parent.id,
      kind,
      title: String(form.get("title") ?? ""),
      body: String(form.get("body") ?? ""),
    };
    if (quote) body.quote = quote;
    if (kind === "COUNTEREXAMPLE") body.targetVersions = form.getAll("targetVersions").map(Number);
    if (kind === "PATCH") {
      body.proposal = String(form.get("proposal") ?? "");
      body.answersNodeIds = form.getAll("answersNodeIds").map(String);
    }
    setPending(true);
    try {
      const { node } = await callApi(createNode, { params: { debateId: debate.id }, body });
      setErrors({});
      setFormError(null);
      onPosted(node.id);
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length) setErrors(error.fieldErrors);
      setFormError(errorText(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-label="Post a move">
      {formError ? <p role="alert" className="form-error">{formError}</p> : null}
      <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="sr-only">Kind of move</legend>
        {MOVE_KINDS.filter((k) => kinds.includes(k)).map((k) => (
          <label key={k} title={KIND_HINTS[k]} style={{ fontWeight: kind === k ? 700 : 400, display: "inline-flex", gap: 4, alignItems: "center" }}>
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {NODE_KIND_LABELS[k]}
          </label>
        ))}
      </fieldset>
      {quote ? <blockquote className="quote small">Quoting: “{quote.text}”</blockquote> : null}
      <Field id="move-title" label="Title (optional)" errors={errors.title}><input id="move-title" name="title" maxLength={200} /></Field>
      <Field id="move-body" label={kind === "COUNTEREXAMPLE" ? "Scenario: where does the proposal fail, and what goes wrong?" : kind === "PATCH" ? "What changed and why" : "Text (Markdown)"} errors={errors.body}>
        <textarea id="move-body" name="body" rows={5} />
      </Field>
      {kind === "COUNTEREXAMPLE" ? (
        <fieldset>
          <legend className="small">Breaks proposal version(s)</legend>
          {debate.versions.map((v) => (
            <label key={v.number} style={{ display: "inline-flex", gap: 4, marginRight: 10, fontWeight: 400 }}>
              <input type="checkbox" name="targetVersions" value={v.number} defaultChecked={v.number === latest} /> v{v.number}
            </label>
          ))}
          {errors.targetVersions?.map((m) => <div key={m} className="field-error">{m}</div>)}
        </fieldset>
      ) : null}
      {kind === "PATCH" ? (
        <>
          <Field id="move-proposal" label={`Proposal version ${latest + 1} (full text)`} errors={errors.proposal}>
            <textarea id="move-proposal" name="proposal" rows={8} defaultValue={currentProposal} />
          </Field>
          {liveCounterexamples.length ? (
            <fieldset>
              <legend className="small">Answers counterexample(s)</legend>
              {liveCounterexamples.map((c) => (
                <label key={c.id} style={{ display: "block", fontWeight: 400 }}>
                  <input type="checkbox" name="answersNodeIds" value={c.id} defaultChecked={c.id === parent.id} /> {c.label}
                </label>
              ))}
              {errors.answersNodeIds?.map((m) => <div key={m} className="field-error">{m}</div>)}
            </fieldset>
          ) : null}
        </>
      ) : null}
      <button type="submit" disabled={pending}>{pending ? "Posting…" : "Post move"}</button>
    </form>
  );
}

/** Edit with optimistic concurrency: a stale revision gets a conflict, not an overwrite. */
export function EditForm({ debateId, node, onSaved }: { debateId: string; node: NodeDetail; onSaved: () => void }) {
  const [error, setError] = useState<string | null>(null);
  // The revision the editor started from: a live refresh of `node` while the form
  // is open must not turn a stale edit into a silent overwrite.
  const [baseRevision] = useState(node.revision);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await callApi(editNode, {
        params: { debateId, nodeId: node.id },
        body: { title: String(form.get("title") ?? ""), body: String(form.get("body") ?? ""), revision: baseRevision },
      });
      onSaved();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <form onSubmit={onSubmit} className="stack" aria-label="Edit this move">
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <Field id="edit-title" label="Title"><input id="edit-title" name="title" defaultValue={node.title} /></Field>
      <Field id="edit-body" label="Text"><textarea id="edit-body" name="body" rows={6} defaultValue={node.body} /></Field>
      <button type="submit">Save revision {baseRevision + 1}</button>
    </form>
  );
}

/** Prune (with a reason) or reopen (with a reason) this node's branch. */
export function PruneForm({ debateId, node, onDone }: { debateId: string; node: NodeDetail; onDone: () => void }) {
  const pruned = node.prunedAt !== null;
  const [category, setCategory] = useState<PruneCategory>(PRUNE_CATEGORIES[0]);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const promiseText = String(form.get("promise") ?? "").trim();
    const reason = String(form.get("reason") ?? "");
    const promise = promiseText !== "" ? Number(promiseText) : undefined;
    const params = { debateId, nodeId: node.id };
    try {
      if (pruned) await callApi(reopenBranch, { params, body: { reason, promise } });
      else {
        const duplicateOf = category === "DUPLICATE" ? String(form.get("duplicateOf") ?? "").replace(/^.*#node-/, "").trim() : undefined;
        await callApi(pruneBranch, { params, body: { reason, promise, category, duplicateOf } });
      }
      setError(null);
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <form onSubmit={onSubmit} className="stack" aria-label={pruned ? "Reopen this branch" : "Prune this branch"}>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      {!pruned ? (
        <div>
          <label htmlFor="prune-category">Why prune?</label>
          <select id="prune-category" value={category} onChange={(e) => setCategory(e.target.value as PruneCategory)}>
            {PRUNE_CATEGORIES.map((c) => <option key={c} value={c}>{PRUNE_CATEGORY_LABELS[c]}</option>)}
          </select>
        </div>
      ) : null}
      {!pruned && category === "DUPLICATE" ? (
        <Field id="prune-duplicate" label="Duplicate of (node id or link)"><input id="prune-duplicate" name="duplicateOf" /></Field>
      ) : null}
      <Field id="prune-reason" label={pruned ? "Why reopen it?" : "Reason"}><textarea id="prune-reason" name="reason" rows={2} /></Field>
      <Field id="prune-promise" label="How promising is this branch still? (0–100, optional)">
        <input id="prune-promise" name="promise" type="number" min={0} max={100} step={1} />
      </Field>
      <button type="submit">{pruned ? "Reopen branch" : "Prune branch"}</button>
    </form>
  );
}
