import "server-only";
import { encodeCursor } from "@/lib/contracts/common";
import type { Outline } from "@/lib/contracts/debates";
import type { ReadingOrder } from "@/lib/domain/debate/outline";

/** Debates up to this size come to the page whole; larger ones as their first rows plus pages. */
export const OUTLINE_WHOLE_MAX = 2_000;
/** The rows a large debate's page starts with, in reading order... */
export const OUTLINE_FIRST_ROWS = 300;
/** ...and the top-level branches (the proposal's children) beyond them, so every branch can be opened. */
export const OUTLINE_TOP_BRANCHES = 200;

/**
 * Which positions of a debate's reading order the page gets, and what it needs to page in the
 * rest: every node of a debate up to `wholeMax` nodes; else the first rows in reading order
 * and the proposal's other children (each branch skipped whole), so every branch can be opened.
 */
export function outlinePositions(order: ReadingOrder, firstRows = OUTLINE_FIRST_ROWS, wholeMax = OUTLINE_WHOLE_MAX): { positions: number[]; outline: Outline } {
  const complete = order.ids.length <= wholeMax;
  const shown = complete ? order.ids.length : Math.min(firstRows, order.ids.length);
  const positions: number[] = [];
  const counts: Outline["counts"] = {};
  const pick = (p: number) => {
    positions.push(p);
    counts[order.ids[p]!] = [order.childCount[p]!, order.descendantCount[p]!];
  };
  for (let p = 0; p < shown; p++) pick(p);
  // The first root's children past the first rows: their parent is loaded, so the tree stays connected.
  let branches = 0;
  for (let p = shown; !complete && p < order.ids.length && order.depth[p]! > 0 && branches < OUTLINE_TOP_BRANCHES; p += order.descendantCount[p]! + 1) {
    if (order.depth[p] === 1) {
      pick(p);
      branches++;
    }
  }
  const last = shown - 1;
  return {
    positions,
    outline: { total: order.ids.length, complete: shown === order.ids.length, nextCursor: shown < order.ids.length && last >= 0 ? encodeCursor(last, order.ids[last]!) : null, counts },
  };
}
