import type { DebateDocument, NodeRecord } from "@/lib/formats/document";
import { collect, exportDebate, type ExportFormat } from "@/lib/formats/export";
import { orderDepthFirst, sourceFromDocument } from "@/lib/formats/source";

export const FIXED_NOW = new Date("2031-01-01T00:00:00.000Z");

export function exportText(doc: DebateDocument, format: ExportFormat): Promise<string> {
  return collect(exportDebate(sourceFromDocument(doc), format));
}

/** The document's nodes in the order every exporter writes them. */
export function preorder(doc: DebateDocument): NodeRecord[] {
  return orderDepthFirst(doc.nodes);
}
