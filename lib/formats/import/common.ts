// Pieces shared by the importers: limits, defaults for fields a format does
// not carry, and turning validation paths back into line numbers.

import { branchAsDebate } from "../branch";
import { FORMAT_ID, type DebateDocument, type DebateMeta, type NodeKind, type NodeRecord, type Participant, type Side } from "../document";
import { findIntegrityProblemSteps, NODE_KINDS, SIDES, validateShapeSteps } from "../document";
import { FormatError } from "../errors";
import { resolveLimits, utf8ByteLength, type ImportLimits } from "../limits";
import { runSteps, STEP_EVERY, type Steps } from "../steps";
import type { ImportReport } from "./report";

export interface ImportOptions {
  limits?: Partial<ImportLimits>;
  /** Timestamp used where the input carries none (default: now). */
  now?: Date;
  /** Collects what the import kept in another shape (import/report.ts); third-party formats fill it. */
  report?: ImportReport;
}

export function checkInputSize(text: string, limits: ImportLimits): void {
  runSteps(checkInputSizeSteps(text, limits));
}

/** checkInputSize in pausable steps: counting the UTF-8 bytes of 20 MB is a loop over 20 million characters. */
export function* checkInputSizeSteps(text: string, limits: ImportLimits): Steps<void> {
  // Fast path: even at 3 bytes per UTF-16 unit it fits.
  if (text.length * 3 <= limits.maxBytes) return;
  let bytes = text.length;
  if (bytes <= limits.maxBytes) {
    bytes = 0;
    for (let start = 0, end = 0; start < text.length; start = end) {
      yield;
      end = Math.min(text.length, start + UTF8_SLICE);
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++; // keep a surrogate pair in one slice
      bytes += utf8ByteLength(text, start, end);
    }
  }
  if (bytes > limits.maxBytes) {
    throw new FormatError("TOO_LARGE", `input is ${bytes >= text.length ? "at least " : ""}${bytes} bytes`, { line: 1, column: 1 }, `at most ${limits.maxBytes} bytes`);
  }
}
const UTF8_SLICE = 1 << 20;

/**
 * The lines of a text (after a byte-order mark), split at \r\n, \r or \n, in pausable steps:
 * one split() of 20 MB holds the event loop for a quarter of a second.
 */
export function* splitLinesSteps(text: string): Steps<string[]> {
  const lines: string[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  breaks.lastIndex = start;
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) {
    lines.push(text.slice(start, match.index));
    start = breaks.lastIndex;
    if (lines.length % (STEP_EVERY * 16) === 0) yield;
  }
  lines.push(text.slice(start));
  return lines;
}

export function emptyNode(fields: Pick<NodeRecord, "ref" | "parentRef" | "kind" | "side" | "authorRef" | "body" | "createdAt"> & Partial<NodeRecord>): NodeRecord {
  return {
    title: "",
    quote: null,
    targetVersions: [],
    answersRefs: [],
    retractedAt: null,
    prunedAt: null,
    acceptedAt: null,
    acceptedByRef: null,
    resolutionMode: "ARGUMENTATIVE",
    outcome: null,
    updatedAt: fields.createdAt,
    revisions: [],
    pruneEvents: [],
    experiment: null,
    predictions: [],
    resolutions: [],
    cruxes: [],
    ...fields,
  };
}

/** Placeholder authors for formats that do not name people: one per side. */
export const IMPORTED_AUTHOR: Record<Side, string> = { BUILDER: "imported-builder", BREAKER: "imported-breaker", OBSERVER: "imported-observer" };

export function defaultDebateMeta(title: string, now: string): DebateMeta {
  return { title, context: "", links: [], visibility: "PRIVATE", playMode: "OPEN", createdAt: now };
}

/**
 * What every importer returns: validateDocument, except that a branch export (a
 * document whose root is not a PROPOSAL) becomes a debate of its own between the
 * shape and the integrity checks (branchAsDebate, docs/formats.md).
 */
export function validateImported(value: unknown, limits: ImportLimits): DebateDocument {
  return runSteps(validateImportedSteps(value, limits));
}

export function* validateImportedSteps(value: unknown, limits: ImportLimits): Steps<DebateDocument> {
  const doc = branchAsDebate(yield* validateShapeSteps(value, limits));
  yield;
  const problem = yield* findIntegrityProblemSteps(doc, limits.maxDepth);
  if (problem) throw problem;
  return doc;
}

/**
 * Assembles and validates the document. Participants referenced by nodes but
 * not declared are added (named after their ref); a root version 1 is added
 * when the input carried no versions. Validation errors that point at a node
 * are re-issued with that node's line.
 */
export function* finishDocument(
  parts: {
    exportedAt: string;
    debate: DebateMeta;
    participants: Participant[];
    versions: DebateDocument["versions"] | null;
    /** Cross-links the format carried (absent: none). */
    links?: DebateDocument["links"];
    /** Counterexample classes the format carried (absent: none). */
    classes?: DebateDocument["classes"];
    nodes: NodeRecord[];
  },
  lineOfNode: readonly number[],
  limits: ImportLimits,
): Steps<DebateDocument> {
  const participants = [...parts.participants];
  const known = new Set(participants.map((p) => p.ref));
  for (const n of parts.nodes) {
    if (!known.has(n.authorRef)) {
      known.add(n.authorRef);
      participants.push({ ref: n.authorRef, displayName: displayNameFor(n.authorRef), side: n.side });
    }
  }
  const root = parts.nodes[0];
  const versions =
    parts.versions ?? (root ? [{ number: 1, body: root.body, nodeRef: root.ref, authorRef: root.authorRef, createdAt: root.createdAt }] : []);
  const doc = { format: FORMAT_ID, exportedAt: parts.exportedAt, debate: parts.debate, participants, versions, links: parts.links ?? [], ...(parts.classes?.length ? { classes: parts.classes } : {}), nodes: parts.nodes };
  try {
    return yield* validateImportedSteps(doc, limits);
  } catch (error) {
    if (error instanceof FormatError && error.location.path) {
      const match = /^\$\.nodes\[(\d+)\]/.exec(error.location.path);
      const line = match ? lineOfNode[Number(match[1])] : undefined;
      if (line !== undefined) {
        throw new FormatError(error.code, error.message.replace(/^.*?: /, ""), { ...error.location, line }, error.expected);
      }
    }
    throw error;
  }
}

function displayNameFor(ref: string): string {
  const side = (Object.keys(IMPORTED_AUTHOR) as Side[]).find((s) => IMPORTED_AUTHOR[s] === ref);
  return side ? `Imported ${side.toLowerCase()}` : ref;
}

export const KIND_SET = new Set<NodeKind>(NODE_KINDS);
export const SIDE_SET = new Set<Side>(SIDES);

export { resolveLimits };
