import type { DebateDocument, NodeRecord } from "@/lib/formats/document";
import { collect, exportDebate, type ExportFormat, type ExportOptions } from "@/lib/formats/export";
import { orderDepthFirst, sourceFromDocument } from "@/lib/formats/source";
import { FormatError } from "@/lib/formats/errors";

export const FIXED_NOW = new Date("2031-01-01T00:00:00.000Z");

export function exportText(doc: DebateDocument, format: ExportFormat, options?: ExportOptions): Promise<string> {
  return collect(exportDebate(sourceFromDocument(doc), format, options));
}

/** Our own data kept where a format has a clean third-party shape too (Kialo): for re-import tests. */
export const ROUND_TRIP: ExportOptions = { kialo: { roundTrip: true } };

/** The document's nodes in the order every exporter writes them. */
export function preorder(doc: DebateDocument): NodeRecord[] {
  return orderDepthFirst(doc.nodes);
}

// What Argdown carries: structure, text, our {bb} data, and front matter (meta, participants, versions).
export const argdownCarried = (n: NodeRecord) => ({
  ref: n.ref,
  parentRef: n.parentRef,
  kind: n.kind,
  side: n.side,
  authorRef: n.authorRef,
  title: n.title,
  body: n.body,
  quote: n.quote,
  targetVersions: n.targetVersions,
  answersRefs: n.answersRefs,
  retractedAt: n.retractedAt,
  prunedAt: n.prunedAt,
  acceptedAt: n.acceptedAt,
  acceptedByRef: n.acceptedByRef,
  resolutionMode: n.resolutionMode,
  outcome: n.outcome,
  createdAt: n.createdAt,
  updatedAt: n.updatedAt,
});

// Kialo claims are one escaped line: \r\n and \r become \n; leading blanks are not kept.
export const kialoBody = (s: string) => s.replace(/\r\n?/g, "\n").replace(/^[ \t]+/, "");
export const kialoCarried = (n: NodeRecord) => ({
  ref: n.ref,
  parentRef: n.parentRef,
  kind: n.kind,
  side: n.side,
  authorRef: n.authorRef,
  title: n.title,
  body: kialoBody(n.body),
  retractedAt: n.retractedAt,
  prunedAt: n.prunedAt,
  acceptedAt: n.acceptedAt,
  resolutionMode: n.resolutionMode,
  outcome: n.outcome,
  createdAt: n.createdAt,
});

/** The FormatError `fn` throws; anything else (or nothing) fails the test. */
export function formatError(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
  throw new Error("expected a FormatError");
}
