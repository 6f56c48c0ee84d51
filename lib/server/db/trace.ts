import "server-only";
import { appendFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { env } from "@/lib/server/env";

// Diagnostics for the database path, off unless DB_TRACE_FILE is set: one JSON line per
// event, flushed every half second. The main thread writes the event loop's lag, the pool's
// counts and the import's batches; the embedded worker writes each statement's queue wait
// and execution time to `<file>.worker` (lib/server/db/pglite-worker.mjs).

const FLUSH_MS = 500;
let lines: string[] | undefined;

/** Where the trace goes, or undefined when tracing is off. */
export function dbTraceFile(): string | undefined {
  return env().DB_TRACE_FILE;
}

/** Records one event (no-op unless DB_TRACE_FILE is set). */
export function dbTrace(kind: string, fields: Record<string, unknown>): void {
  const file = dbTraceFile();
  if (!file) return;
  if (!lines) startTracing(file);
  lines!.push(JSON.stringify({ t: Math.round(performance.timeOrigin + performance.now()), kind, ...fields }));
}

type Sampler = () => Record<string, unknown>;
const samplers: Sampler[] = [];

/** Adds fields sampled every flush (e.g. the pool's counts) to the "loop" line. */
export function dbTraceSample(sampler: Sampler): void {
  if (!dbTraceFile()) return;
  samplers.push(sampler);
  dbTrace("start", {});
}

function startTracing(file: string) {
  lines = [];
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const timer = setInterval(() => {
    const extra = Object.assign({}, ...samplers.map((s) => s()));
    lines!.push(
      JSON.stringify({
        t: Math.round(performance.timeOrigin + performance.now()),
        kind: "loop",
        lagMaxMs: Math.round(lag.max / 1e6),
        lagP99Ms: Math.round(lag.percentile(99) / 1e6),
        ...extra,
      }),
    );
    lag.reset();
    if (lines!.length > 0) appendFileSync(file, lines!.join("\n") + "\n");
    lines = [];
  }, FLUSH_MS);
  timer.unref();
}
