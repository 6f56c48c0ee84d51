// Bounded heap growth while an export streams.
//
// V8 lets the old generation grow to up to ~4× its live size before the next full
// collection. A 100,000-node export allocates ~1 GB of short-lived rows and strings over
// a few seconds; enough of it is promoted that, with V8's default, the process held
// 100+ MB of garbage at the peak. While any export runs, the growth factor is 1.2
// (`--heap-growing-percent`, read by V8 at each collection); when the last one ends it
// goes back to V8's own heuristic, because the same setting all the time made every
// large tree read pay for a full collection (docs/decisions/007-heap-growth-and-export-memory.md).
// The factor only shapes the limit V8 sets after a collection, and the limit in force
// when an export starts may be ~4× the live heap, so the first export starts with one
// full collection.

import "server-only";
import v8 from "node:v8";
import vm from "node:vm";

const EXPORT_HEAP_GROWTH_PERCENT = 20;
let running = 0;

/** Yields `chunks` with the heap growth bounded from the first chunk until the iteration ends (done, thrown or returned early). */
export async function* withBoundedHeapGrowth<T>(chunks: AsyncIterable<T>): AsyncGenerator<T> {
  if (running++ === 0) {
    v8.setFlagsFromString(`--heap-growing-percent=${EXPORT_HEAP_GROWTH_PERCENT}`);
    collectGarbage();
  }
  try {
    yield* chunks;
  } finally {
    // 0 means "unset": V8 computes the factor from its GC and allocation speeds again.
    if (--running === 0) v8.setFlagsFromString("--heap-growing-percent=0");
  }
}

let gc: (() => void) | undefined;

/** A full collection now. Node has no API for it; `--expose-gc` set at run time gives new contexts a `gc()`. */
function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  gc();
}

/** How many iterations currently hold the bound (for tests). */
export function boundedHeapGrowthHolders(): number {
  return running;
}
