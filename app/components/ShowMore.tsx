"use client";
import { useState } from "react";

/** Lists of a large debate (25,000 counterexamples at 100,000 nodes) are shown a page at a time. */
export const SHOWN_STEP = 100;

/** The first `shown` items of a list, and a way to show more; the page never renders them all at once. */
export function useShown<T>(items: readonly T[], step = SHOWN_STEP): { shown: readonly T[]; more: React.ReactNode } {
  const [count, setCount] = useState(step);
  const shown = items.length > count ? items.slice(0, count) : items;
  const more =
    items.length > count ? (
      <p className="small muted">
        Showing {count.toLocaleString("en-US")} of {items.length.toLocaleString("en-US")}.{" "}
        <button type="button" className="secondary" onClick={() => setCount((c) => c + step)}>
          Show {Math.min(step, items.length - count).toLocaleString("en-US")} more
        </button>
      </p>
    ) : null;
  return { shown, more };
}
