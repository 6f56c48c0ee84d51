// A tree row as the debate page's views hold it, and its one-line label. Its own
// module so the views can share it without importing DebateView (which imports them).
import type { TreeItem } from "@/lib/server/debate/page-data";

export type TreeRowData = Omit<TreeItem, "createdAt" | "updatedAt"> & { createdAt: Date; updatedAt: Date };

export function labelOf(row: { title: string; excerpt: string; kind: string } | undefined): string {
  // A large debate's lists name moves the page has not loaded yet; opening one loads it.
  if (!row) return "(a move not loaded yet: open it)";
  const text = row.title || row.excerpt;
  return text.length > 80 ? `${text.slice(0, 80)}…` : text || row.kind.toLowerCase();
}
