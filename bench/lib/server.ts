// The production build (NEXT_DIST_DIR=.next-bench) and `next start` servers on
// free loopback ports. Every server started here is killed at the end, also on
// errors and Ctrl-C (see stopAllServers, wired up in bench/run.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { ensureProductionBuild, hasBuild } from "../../lib/server/ops/build-freshness";
import { serverProcessEnv } from "../../lib/server/ops/server-process";

export const DIST_DIR = ".next-bench";


/** Builds into .next-bench when it is missing or older than the sources (or when forced). Returns whether it built. */
export function ensureBuild(root: string, opts: { force: boolean; skip: boolean }, log: (m: string) => void): boolean {
  // --no-build (wins over --rebuild): the existing build whatever its age, but there must be one.
  if (opts.skip && !hasBuild(root, DIST_DIR)) throw new Error(`--no-build given but ${DIST_DIR}/BUILD_ID is missing`);
  return ensureProductionBuild(root, DIST_DIR, { force: opts.force && !opts.skip, reuseStale: opts.skip, log, timeoutMs: 15 * 60_000 });
}

function nextBin(root: string) {
  return path.join(root, "node_modules", "next", "dist", "bin", "next");
}

/** A free TCP port on 127.0.0.1 (asks the OS for one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Environment for the app (server or scripts) on one bench database. */
export function appEnv(dbEnv: Record<string, string>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  // The bench database decides the mode: never inherit the caller's.
  delete base.DATABASE_URL;
  delete base.DATA_DIR;
  return {
    ...base,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123456789",
    SEED_DEMO: "false",
    LOG_LEVEL: "warn",
    ...dbEnv,
    ...extra,
  };
}

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  /** Milliseconds from spawn to the first 200 on the ready path. */
  readyMs: number;
  /** Lines the server printed (kept for error messages). */
  output: string[];
  /** CPU time (user + system, ms) used so far by the server's processes (Linux /proc; NaN elsewhere). */
  cpuMs(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** The live processes of one process group, from /proc (empty elsewhere). */
export function groupPids(pgid: number): number[] {
  if (!existsSync("/proc/self/stat")) return [];
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && Number(stat[2]) === pgid) pids.push(Number(entry)); // field 5: process group
  }
  return pids;
}

/** Fields 3.. of /proc/<pid>/stat (after the command name), or undefined once it has exited. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** Sum of utime + stime over the live processes of one process group, from /proc. */
export function groupCpuMs(pgid: number): number {
  if (!existsSync("/proc/self/stat")) return Number.NaN;
  let ticks = 0;
  for (const pid of groupPids(pgid)) {
    const stat = procStat(pid);
    if (stat) ticks += Number(stat[11]) + Number(stat[12]); // fields 14, 15: utime, stime
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

const PAGE_SIZE = 4096;

/** Resident set size in bytes summed over the given processes (/proc/<pid>/statm); exited ones count 0. */
export function rssBytes(pids: readonly number[]): number {
  let pages = 0;
  for (const pid of pids) {
    try {
      pages += Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
    } catch {
      /* exited meanwhile */
    }
  }
  return pages * PAGE_SIZE;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the server's own process group (detached below)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return resolve();
    }
    const hard = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(hard);
      running.delete(child);
      resolve();
    });
    killGroup(child, "SIGTERM");
  });
}

/** Kills every server this process started (used on exit and errors). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

/** Synchronous last resort for process 'exit'. */
export function killAllServersNow() {
  for (const child of running) killGroup(child, "SIGKILL");
}

/**
 * Spawns `next start` on a free loopback port and waits (bounded) for a 200 on `readyPath`.
 */
export async function startServer(opts: {
  root: string;
  env: NodeJS.ProcessEnv;
  readyPath?: string;
  timeoutMs?: number;
  log: (m: string) => void;
}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = serverProcessEnv({ ...opts.env, PORT: String(port), NEXTAUTH_URL: url });
  const started = performance.now();
  // Profiling hook: BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (not allowed in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, nextBin(opts.root), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: opts.root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) output.push(line);
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const server: RunningServer = { url, port, pid: child.pid ?? -1, readyMs: Number.NaN, output, cpuMs: () => groupCpuMs(child.pid ?? -1), stop: () => stopChild(child) };
  try {
    server.readyMs = await waitFor200(`${url}${opts.readyPath ?? "/"}`, child, opts.timeoutMs ?? 120_000, started);
  } catch (e) {
    await stopChild(child);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- server output ---\n${output.slice(-30).join("\n")}`);
  }
  return server;
}

async function waitFor200(target: string, child: ChildProcess, timeoutMs: number, started: number): Promise<number> {
  const deadline = started + timeoutMs;
  let last = "no answer";
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before answering`);
    try {
      const res = await fetch(target, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - started;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`server not ready on ${target} after ${timeoutMs} ms (${last})`);
}

/** Runs a TypeScript script of this repo (like scripts/prepare-db.ts) to completion; returns its wall time. */
export function runScript(root: string, script: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", script], { cwd: root, env, encoding: "utf8", timeout: timeoutMs });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status ?? result.signal}):\n${result.stderr}${result.stdout}`);
  return performance.now() - started;
}
