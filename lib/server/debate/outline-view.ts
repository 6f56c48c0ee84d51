import "server-only";
import { encodeCursor } from "@/lib/contracts/common";
import type { Outline } from "@/lib/contracts/debates";
import { readingOrderOf } from "@/lib/domain/debate/outline";

/** Debates up to this size come to the page whole; larger ones as their first rows plus pages. */
export const OUTLINE_WHOLE_MAX = 2_000;
/** The rows a large debate's page starts with, in reading order... */
export const OUTLINE_FIRST_ROWS = 300;
/** ...and the top-level branches (the proposal's children) beyond them, so every branch can be opened. */
export const OUTLINE_TOP_BRANCHES = 200;

/**
 * Which of a debate's rows the page gets, and what it needs to page in the rest.
 * Rows come in creation order (as readDebateRows reads them), like GET /tree's
 * skeleton, so the cursor continues exactly where these rows end.
 */
export function outlineOf<R extends { id: string; parentId: string | null }>(rows: readonly R[], firstRows = OUTLINE_FIRST_ROWS, wholeMax = OUTLINE_WHOLE_MAX): { rows: R[]; outline: Outline } {
  const order = readingOrderOf(rows.map((r) => r.id), rows.map((r) => r.parentId));
  const complete = rows.length <= wholeMax;
  const shown = complete ? order.ids.length : Math.min(firstRows, order.ids.length);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const picked: R[] = [];
  const counts: Outline["counts"] = {};
  const pick = (p: number) => {
    const id = order.ids[p]!;
    picked.push(byId.get(id)!);
    counts[id] = [order.childCount[p]!, order.descendantCount[p]!];
  };
  for (let p = 0; p < shown; p++) pick(p);
  // The first root's children past the first rows (each branch skipped whole): their parent is loaded, so the tree stays connected.
  let branches = 0;
  for (let p = shown; !complete && p < order.ids.length && order.depth[p]! > 0 && branches < OUTLINE_TOP_BRANCHES; p += order.descendantCount[p]! + 1) {
    if (order.depth[p] === 1) {
      pick(p);
      branches++;
    }
  }
  const last = shown - 1;
  return {
    // The page's rows stay in creation order (parents before children), as before.
    rows: complete ? [...rows] : picked,
    outline: { total: order.ids.length, complete: shown === order.ids.length, nextCursor: shown < order.ids.length && last >= 0 ? encodeCursor(last, order.ids[last]!) : null, counts },
  };
}
