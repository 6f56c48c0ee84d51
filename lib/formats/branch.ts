// A branch export imported as a debate of its own.
//
// A subtree export (`/export?root=<nodeId>`, `npm run export -- --root=…`,
// `sourceFromDocument(doc, { rootRef })`) keeps its root's kind, so its root is
// a counterexample, patch, rebuttal, question or comment, never the PROPOSAL a
// debate needs. Every importer passes its (shape-valid) document through
// branchAsDebate before the integrity check, which turns such a branch into a
// debate whose proposal is the branch root:
//
// - the root becomes a PROPOSAL with its own title, body, author, timestamps,
//   status, history and empirical record; its side is kept (an observer's move
//   becomes the Builder's, as when a debate is created from the observer side);
//   what tied it to its old parent goes: quote, target versions, answered nodes;
// - the descendants keep everything (structure, kinds, sides, authors, status,
//   history), except target versions: they named versions of the other debate's
//   proposal, so they are cleared;
// - versions: exactly one, version 1 = the root's body. Versions written by
//   patches inside the branch were versions of the other proposal; they are left
//   out (the patches themselves stay);
// - the debate takes its title from the root (its title, else the first line of
//   its body, else "Branch of <original title>"), starts when the root was
//   written, keeps the original links and play mode, and its context says where
//   it came from, followed by the original debate's context.
//
// A whole-debate document (root already a PROPOSAL) is returned unchanged, so
// importing the export of an imported branch is an exact round trip.

import type { DebateDocument, NodeRecord } from "./document";
import { clip } from "@/lib/domain/text";
import { KIND_LABEL } from "./semantics";

/** Debate titles are at most this long in the app (lib/domain/debate/validation.ts LIMITS.titleMax). */
const BRANCH_TITLE_MAX = 200;

/**
 * The root of a branch document: its only node without a parent, when that node is
 * not a PROPOSAL. Null for a whole debate, and for documents with no or several
 * roots (integrity refuses those with a position).
 */
function branchRoot(doc: Pick<DebateDocument, "nodes">): NodeRecord | null {
  let root: NodeRecord | null = null;
  for (const n of doc.nodes) {
    if (n.parentRef !== null) continue;
    if (root) return null;
    root = n;
  }
  return root && root.kind !== "PROPOSAL" ? root : null;
}

/** Whether the document is a branch export (its root is not a PROPOSAL). */
export function isBranchDocument(doc: Pick<DebateDocument, "nodes">): boolean {
  return branchRoot(doc) !== null;
}

/** Turns a branch document into a debate document (see the rule above); any other document is returned as it is. */
export function branchAsDebate(doc: DebateDocument): DebateDocument {
  const root = branchRoot(doc);
  if (!root) return doc;
  const nodes = doc.nodes.map((n): NodeRecord => {
    if (n === root) {
      return {
        ...n,
        kind: "PROPOSAL",
        side: n.side === "OBSERVER" ? "BUILDER" : n.side,
        quote: null,
        targetVersions: [],
        answersRefs: [],
      };
    }
    return n.targetVersions.length ? { ...n, targetVersions: [] } : n;
  });
  return {
    ...doc,
    debate: {
      ...doc.debate,
      title: branchTitle(root, doc.debate.title),
      context: branchContext(root, doc),
      createdAt: root.createdAt,
    },
    versions: [{ number: 1, body: root.body, nodeRef: root.ref, authorRef: root.authorRef, createdAt: root.createdAt }],
    nodes,
  };
}

/** The root's title; else the first non-blank line of its body; else "Branch of <original title>" (at most BRANCH_TITLE_MAX characters). */
export function branchTitle(root: Pick<NodeRecord, "title" | "body">, originalTitle: string): string {
  if (root.title.trim()) return root.title;
  const firstLine = root.body.split(/\r\n|\r|\n/).find((line) => line.trim() !== "")?.trim();
  if (firstLine) return clip(firstLine, BRANCH_TITLE_MAX);
  return clip(originalTitle.trim() ? `Branch of ${originalTitle.trim()}` : "Imported branch", BRANCH_TITLE_MAX);
}

/** Provenance first (the debate page shows the context under the title), then the original debate's context. */
function branchContext(root: NodeRecord, doc: DebateDocument): string {
  const original = doc.debate.title.trim();
  const from = original ? `the debate “${oneLine(original)}”` : "another debate";
  const note = `Imported from a branch of ${from}, where this proposal was a ${KIND_LABEL[root.kind].toLowerCase()}.`;
  return doc.debate.context.trim() ? `${note}\n\n${doc.debate.context}` : note;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ");
}
