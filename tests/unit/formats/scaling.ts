// Growth measurement for the scaling tests and the format-throughput bench:
// the fastest of a few runs at 1×, 10× and 100× an input size (the fastest run
// is the one other processes on a shared machine disturbed least). A linear
// parser or writer takes ~100× longer at 100× (up to ~500× here: the 1× input
// fits the CPU caches, the 100× one does not); a quadratic one ~10,000×.

import { collect, exportDebate, type ExportFormat } from "@/lib/formats/export";
import { largeSource } from "./large-source";

export const SCALES = [1, 10, 100] as const;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Fastest wall time (ms) of `runs` calls, after one untimed warm-up call when `warmUp`. */
export async function fastestMs(fn: () => unknown, runs: number, warmUp = true): Promise<number> {
  if (warmUp) await fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

export interface Growth {
  /** Fastest ms at each scale, keyed 1, 10, 100. */
  ms: Record<(typeof SCALES)[number], number>;
  /** ms(100×) / ms(1×): ~100 when linear. */
  ratio100: number;
  /** ms(100×) / ms(10×): ~10 when linear. */
  ratio10: number;
}

/** Times `run(scale)` at 1×, 10× and 100× (inputs built by `prepare(scale)` outside the timing). */
export async function measureGrowth<I>(prepare: (scale: number) => I | Promise<I>, run: (input: I) => unknown): Promise<Growth> {
  const ms = {} as Growth["ms"];
  for (const scale of SCALES) {
    const input = await prepare(scale);
    // Small inputs are noisy: more runs where each is cheap.
    // The code is warm (JIT) after the smaller scales, so 100× skips the warm-up call.
    ms[scale] = await fastestMs(() => run(input), scale === 100 ? 3 : scale === 10 ? 5 : 9, scale !== 100);
  }
  // Timer resolution and JIT noise dominate below a fraction of a millisecond.
  const floor = (t: number) => Math.max(t, 0.5);
  return { ms, ratio100: ms[100] / floor(ms[1]), ratio10: ms[100] / floor(ms[10]) };
}

export function describeGrowth(name: string, g: Growth): string {
  return `${name}: ${g.ms[1].toFixed(1)} / ${g.ms[10].toFixed(1)} / ${g.ms[100].toFixed(1)} ms at 1×/10×/100×, ratios ${g.ratio100.toFixed(0)} and ${g.ratio10.toFixed(1)}`;
}

export const exportTextOf = (nodes: number, format: ExportFormat) => collect(exportDebate(largeSource(nodes), format));

/** Reads a stream to the end without keeping it, as a response does (holding it all would time the GC instead). */
export async function drain(chunks: AsyncIterable<string>): Promise<number> {
  let chars = 0;
  for await (const chunk of chunks) chars += chunk.length;
  return chars;
}
