// `npm run bench [-- --only=tree-read,writes] [--quick] [--mode=pglite|postgres|both] [--rebuild|--no-build]`
//
// Runs each benchmark on PGlite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL
// is set, on PostgreSQL; prints one table and writes bench/results/<name>-<mode>.json.
// To add a benchmark: write bench/<name>.ts exporting a `Benchmark`, add it to BENCHMARKS.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportBench } from "./export";
import { formatsBench } from "./formats";
import { importLatency } from "./import-latency";
import { live } from "./live";
import { mapBench } from "./map";
import { pageLoad } from "./page-10k";
import { page100k } from "./page-100k";
import { pruneRevisit } from "./prune-5000";
import { responsiveness } from "./responsiveness";
import { startup } from "./start";
import { treeRead } from "./tree-read";
import { writes } from "./writes";
import { benchDatabaseUrl, DatabaseFactory, removeDir } from "./lib/database";
import { appEnv, ensureBuild, killAllServersNow, startServer, stopAllServers } from "./lib/server";
import type { BenchContext, BenchMode, BenchResult, Benchmark, Metric } from "./lib/types";

export const BENCHMARKS: Benchmark[] = [treeRead, pruneRevisit, writes, live, startup, pageLoad, exportBench, formatsBench, importLatency, responsiveness, page100k, mapBench];

const ROOT = path.resolve(import.meta.dirname, "..");
const RESULTS_DIR = path.join(ROOT, "bench", "results");

interface Options {
  only: string[] | undefined;
  quick: boolean;
  modes: BenchMode[];
  rebuild: boolean;
  noBuild: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { only: undefined, quick: false, modes: [], rebuild: false, noBuild: false };
  let mode = "auto";
  for (const arg of argv) {
    if (arg === "--quick") opts.quick = true;
    else if (arg === "--rebuild") opts.rebuild = true;
    else if (arg === "--no-build") opts.noBuild = true;
    else if (arg.startsWith("--only=")) opts.only = arg.slice(7).split(",").map((s) => s.trim()).filter(Boolean);
    else if (arg.startsWith("--mode=")) mode = arg.slice(7);
    else if (arg === "--help" || arg === "-h") {
      console.log(`usage: npm run bench -- [--only=${BENCHMARKS.map((b) => b.name).join(",")}] [--quick] [--mode=pglite|postgres|both] [--rebuild|--no-build]`);
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (see --help)`);
  }
  const pgUrl = benchDatabaseUrl();
  if (mode === "auto") opts.modes = pgUrl ? ["pglite", "postgres"] : ["pglite"];
  else if (mode === "both") opts.modes = ["pglite", "postgres"];
  else if (mode === "pglite" || mode === "postgres") opts.modes = [mode];
  else throw new Error(`--mode must be pglite, postgres or both`);
  if (opts.modes.includes("postgres") && !pgUrl) throw new Error("PostgreSQL mode needs BENCH_DATABASE_URL or TEST_DATABASE_URL");
  if (opts.only) {
    const unknown = opts.only.filter((n) => !BENCHMARKS.some((b) => b.name === n));
    if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`);
  }
  return opts;
}

type Row = { bench: string; mode: BenchMode; m: Metric };

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : String(v);
}

function printTable(rows: Row[], failures: { bench: string; mode: BenchMode; error: string }[]) {
  const header = ["benchmark", "mode", "metric", "value", "target", ""];
  const body = rows.map((r) => [r.bench, r.mode, r.m.metric, `${formatValue(r.m.value)} ${r.m.unit}`, r.m.target ?? "", r.m.ok === undefined ? "" : r.m.ok ? "ok" : "MISS"]);
  for (const f of failures) body.push([f.bench, f.mode, "ERROR", f.error.split("\n")[0]!.slice(0, 80), "", "FAIL"]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  console.log("\n" + line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  let last = "";
  for (const r of body) {
    const key = `${r[0]}/${r[1]}`;
    if (last && key !== last) console.log("");
    last = key;
    console.log(line(r));
  }
  const notes = rows.filter((r) => r.m.note);
  if (notes.length) {
    console.log("");
    for (const r of notes) console.log(`  ${r.bench}/${r.mode} ${r.m.metric.trim()}: ${r.m.note}`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const selected = BENCHMARKS.filter((b) => !opts.only || opts.only.includes(b.name));
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), "bb-bench-"));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const rows: Row[] = [];
  const failures: { bench: string; mode: BenchMode; error: string }[] = [];
  let built = false;
  const ensureBuilt = () => {
    if (built) return;
    ensureBuild(ROOT, { force: opts.rebuild, skip: opts.noBuild }, (m) => console.log(`[bench] ${m}`));
    built = true;
  };
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n[bench] ${signal}: stopping servers…`);
    void stopAllServers().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", killAllServersNow);

  try {
    for (const mode of opts.modes) {
      const factory = new DatabaseFactory(mode, path.join(tmpRoot, mode), benchDatabaseUrl(), (m) => console.log(`[bench:${mode}] ${m}`));
      try {
        for (const bench of selected) {
          const log = (m: string) => console.log(`[${bench.name}:${mode}] ${m}`);
          const ctx: BenchContext = {
            mode,
            quick: opts.quick,
            root: ROOT,
            tmpDir: path.join(tmpRoot, mode, bench.name),
            freshDatabase: (label, o) => factory.fresh(`${bench.name}_${label}`, o),
            appEnv: (database, extra) => appEnv(database.env, extra),
            startServer: async (database, extra, o) => {
              ensureBuilt();
              const server = await startServer({ root: ROOT, env: appEnv(database.env, extra), readyPath: o?.readyPath, log });
              log(`server up on ${server.url} in ${Math.round(server.readyMs)} ms`);
              return server;
            },
            log,
          };
          mkdirSync(ctx.tmpDir, { recursive: true });
          log(`running: ${bench.description}${opts.quick ? " (quick)" : ""}`);
          const started = performance.now();
          let result: BenchResult | undefined;
          let error: string | undefined;
          try {
            result = await bench.run(ctx);
          } catch (e) {
            error = e instanceof Error ? (e.stack ?? e.message) : String(e);
            console.error(`[${bench.name}:${mode}] failed: ${error}`);
            failures.push({ bench: bench.name, mode, error });
          } finally {
            await stopAllServers();
          }
          const seconds = Math.round((performance.now() - started) / 100) / 10;
          log(`done in ${seconds} s`);
          for (const m of result?.metrics ?? []) rows.push({ bench: bench.name, mode, m });
          writeFileSync(
            path.join(RESULTS_DIR, `${bench.name}-${mode}.json`),
            JSON.stringify(
              {
                benchmark: bench.name,
                description: bench.description,
                mode,
                quick: opts.quick,
                at: new Date().toISOString(),
                seconds,
                machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, loadavg: os.loadavg() },
                metrics: result?.metrics ?? [],
                details: result?.details ?? {},
                error,
              },
              null,
              2,
            ) + "\n",
          );
        }
      } finally {
        await factory.dropAll();
      }
    }
  } finally {
    await stopAllServers();
    removeDir(tmpRoot);
  }
  printTable(rows, failures);
  console.log(`\nresults: ${path.relative(process.cwd(), RESULTS_DIR)}/<name>-<mode>.json · load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cpus`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch(async (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  await stopAllServers();
  process.exit(1);
});
