// Parsing that can pause. A large upload takes seconds of pure CPU; run in one
// go it holds the server's event loop (every other request waits) for all of
// it. The importers are written as generators that `yield` at safe points
// (every few hundred lines or nodes); runSteps drives one to the end at once
// (scripts, tests, the sync API), runStepsSliced gives the event loop back
// whenever a slice of work has taken `sliceMs`.

/** A computation that yields (nothing) where it may pause and returns T. */
export type Steps<T> = Generator<void, T, void>;

/** How many loop iterations between pause points: a few milliseconds of work at most. */
export const STEP_EVERY = 256;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export interface SliceOptions {
  /** Longest stretch of work between two pauses (default 10 ms). */
  sliceMs?: number;
  /** How to pause (default: a macrotask, so timers and I/O run in between). */
  pause?: () => Promise<void>;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function runStepsSliced<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 10;
  const pause = options.pause ?? macrotask;
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}
