import type { BenchDatabase } from "./database";
import type { RunningServer } from "./server";

export type BenchMode = "pglite" | "postgres";

/** One figure in the results table. `target` is human-readable; `ok` is undefined when there is no target. */
export interface Metric {
  metric: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
  note?: string;
}

export interface BenchResult {
  metrics: Metric[];
  /** Anything else worth keeping in the JSON file (sizes, raw summaries, profiles). */
  details?: Record<string, unknown>;
}

export interface BenchContext {
  mode: BenchMode;
  quick: boolean;
  /** Repository root. */
  root: string;
  /** Per-run scratch folder (removed at the end). */
  tmpDir: string;
  /** A fresh, migrated, empty database (a PGlite data dir or a `bb_bench_*` PostgreSQL database), dropped at the end of the run. */
  freshDatabase(label: string, opts?: { migrated?: boolean }): Promise<BenchDatabase>;
  /** Environment for the app (server, scripts) on this database: production, NEXT_DIST_DIR=.next-bench, SEED_DEMO=false. */
  appEnv(database: BenchDatabase, extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** `next start` (built once per run) on a free loopback port; stopped by the runner at the end whatever happens. */
  startServer(database: BenchDatabase, extra?: Record<string, string>, opts?: { readyPath?: string }): Promise<RunningServer>;
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** A metric with a "lower is better" target. */
export function below(metric: string, value: number, unit: string, limit: number | undefined, note?: string): Metric {
  return limit === undefined
    ? { metric, value, unit, note }
    : { metric, value, unit, target: `< ${limit} ${unit}`, ok: value < limit, note };
}

/** A metric with a "higher is better" target. */
export function atLeast(metric: string, value: number, unit: string, limit: number | undefined, note?: string): Metric {
  return limit === undefined
    ? { metric, value, unit, note }
    : { metric, value, unit, target: `≥ ${limit} ${unit}`, ok: value >= limit, note };
}
