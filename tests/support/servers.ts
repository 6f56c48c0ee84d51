// Production servers for the fault, security and live multiprocess tests: one
// shared build in `.next-test` (rebuilt only when a source file is newer; the
// e2e server serves it too, so `npm test` builds the app once), `next start`
// processes on loopback ports, seeding through SQL, a private PostgreSQL
// cluster that tests may stop and start, and bounded HTTP helpers.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, chownSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { applyMigrations } from "@/lib/server/db/migrate";
import { buildIsFresh as isFresh, ensureProductionBuild } from "@/lib/server/ops/build-freshness";
import { serverProcessEnv } from "@/lib/server/ops/server-process";
import type { DbTemplate } from "@/tests/setup/test-db";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DIST_DIR = ".next-test";
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


const buildIsFresh = () => isFresh(ROOT, DIST_DIR);

/**
 * Build once into `.next-test` unless a build newer than every source exists.
 * Several test files may call this at once: one builds (mkdir lock), the others wait.
 * A build that fails or takes longer than `timeoutMs` throws (ProductionBuildError, with its output).
 */
export async function ensureBuild(timeoutMs = 300_000): Promise<void> {
  const lockDir = path.join(ROOT, `${DIST_DIR}.building`);
  const deadline = Date.now() + timeoutMs;
  while (!buildIsFresh()) {
    if (Date.now() > deadline) throw new Error(`No fresh build in ${DIST_DIR} after ${timeoutMs} ms`);
    try {
      mkdirSync(lockDir);
    } catch {
      // Another file is building; a lock older than the timeout is from a crashed run.
      if (Date.now() - statSync(lockDir, { throwIfNoEntry: false })!.mtimeMs > timeoutMs) rmSync(lockDir, { recursive: true, force: true });
      await sleep(1_000);
      continue;
    }
    try {
      // Blocking (spawnSync) stalls only this worker, whose hook needs the build anyway; other files poll the lock from their own processes.
      ensureProductionBuild(ROOT, DIST_DIR, { output: "capture", timeoutMs });
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type Server = {
  url: string;
  port: number;
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGKILL, no cleanup: the crash under test. */
  kill9(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 10 s). */
  stop(): Promise<void>;
};

export type ServerOptions = {
  env: NodeJS.ProcessEnv;
  port?: number;
  /** Wait until this path answers (any status below 500); default /api/v1/debates. */
  readyPath?: string;
  readyTimeoutMs?: number;
  /** false: no NEXTAUTH_URL at all, as in a local install (default: the server's own URL). */
  nextAuthUrl?: false;
};

/** Base environment for a test server: production, quiet, generous rate limits, no demo. */
export function serverEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    SEED_DEMO: "false",
    RATE_LIMIT_MULTIPLIER: "1000",
    LOG_LEVEL: "warn",
    ...extra,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return { ...env, NODE_ENV: "production" } as NodeJS.ProcessEnv;
}

/** `next start` on loopback; resolves once it answers `readyPath`. */
export async function startServer(options: ServerOptions): Promise<Server> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: serverProcessEnv(options.nextAuthUrl === false ? options.env : { NEXTAUTH_URL: url, ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-2_000_000)));
  proc.stderr!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-2_000_000)));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const server: Server = {
    url,
    port,
    proc,
    output: () => out,
    exited,
    async kill9() {
      if (!done) proc.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (done) return;
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (done) throw new Error(`next start exited before it was ready:\n${out}`);
    const r = await request(`${url}${options.readyPath ?? "/api/v1/debates"}`, { timeoutMs: 5_000 }).catch(() => undefined);
    if (r && r.status < 500) return server;
    if (Date.now() > deadline) {
      await server.kill9();
      throw new Error(`next start was not ready after ${options.readyTimeoutMs ?? 30_000} ms:\n${out}`);
    }
    await sleep(200);
  }
}

/** `node --conditions=react-server --import tsx <script>` from the project root (what `npm run …` runs), optionally as `nobody` or under a umask. */
export function runProjectScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { asNobody?: boolean; umask?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const [cmd, ...argv] = [
    ...(opts.asNobody ? ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] : []),
    // The umask the user's shell would hand down (022 on most systems).
    ...(opts.umask ? ["sh", "-c", `umask ${opts.umask} && exec "$@"`, "sh"] : []),
    process.execPath,
    "--conditions=react-server",
    "--import",
    "tsx",
    script,
    ...args,
  ] as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => p.kill("SIGKILL"), opts.timeoutMs ?? 45_000);
    p.on("error", reject);
    p.on("close", (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

// ---------- HTTP ----------

export type Reply = { status: number; json: unknown; text: string; headers: Headers; ms: number };

export type HttpInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  stream?: boolean;
  timeoutMs?: number;
  /** Connect from this local address (a loopback one such as 127.0.0.2 is a different client to the server). */
  localAddress?: string;
};

/**
 * fetch with a hard timeout; never hangs a test. `stream: true` reads only the status and headers of a 200 (SSE).
 * With `localAddress`, node:http on a fresh connection from that address (fetch cannot choose one).
 */
export async function request(url: string, init: HttpInit = {}): Promise<Reply> {
  if (init.localAddress) return requestFrom(init.localAddress, url, init);
  const started = Date.now();
  const early = new AbortController();
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.headers,
    body: init.body as BodyInit | undefined,
    redirect: "manual",
    signal: AbortSignal.any([AbortSignal.timeout(init.timeoutMs ?? 10_000), early.signal]),
  });
  if (init.stream && res.status === 200) {
    early.abort();
    return { status: res.status, json: undefined, text: "", headers: res.headers, ms: Date.now() - started };
  }
  return reply(res.status, await res.text(), res.headers, started);
}

function reply(status: number, text: string, headers: Headers, started: number): Reply {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, json, text, headers, ms: Date.now() - started };
}

function requestFrom(localAddress: string, url: string, init: HttpInit): Promise<Reply> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers, localAddress, agent: false, timeout: init.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const headers = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        resolve(reply(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"), headers, started));
      });
    });
    req.on("timeout", () => req.destroy(new Error(`timed out after ${init.timeoutMs ?? 10_000} ms`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

export function bearer(token: string, json = true): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...(json ? { "content-type": "application/json" } : {}) };
}

// ---------- seeding through SQL ----------

export type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

export type TokenUser = { id: string; username: string; token: string };

/** Users with personal access tokens (secret `bb_…`, sha256 hex stored), inserted directly. */
export async function insertTokenUsers(query: Query, count: number, prefix = "load"): Promise<TokenUser[]> {
  const users: TokenUser[] = [];
  for (let i = 0; i < count; i++) {
    const id = `u_${prefix}_${i}_${randomBytes(4).toString("hex")}`;
    const username = `${prefix}${i}${randomBytes(2).toString("hex")}`.slice(0, 30);
    const token = `bb_${randomBytes(32).toString("base64url")}`;
    await query(`INSERT INTO "User" ("id", "username", "displayName", "updatedAt") VALUES ($1, $2, $3, now())`, [id, username, `Load ${i}`]);
    await query(`INSERT INTO "ApiToken" ("id", "userId", "name", "tokenHash", "prefix") VALUES ($1, $2, 'load', $3, $4)`, [
      `t_${id}`,
      id,
      createHash("sha256").update(token, "utf8").digest("hex"),
      token.slice(0, 10),
    ]);
    users.push({ id, username, token });
  }
  return users;
}

/** A migrated embedded database at `dir`: a copy of the run's template when that is PGlite, else migrated afresh. */
export async function migratedPgliteDir(dir: string, template: DbTemplate): Promise<void> {
  if (template.kind === "pglite") {
    cpSync(template.dir, dir, { recursive: true });
    return;
  }
  const pglite = new PGlite({ dataDir: dir });
  try {
    await applyMigrations({ target: { kind: "pglite", pglite } });
  } finally {
    await pglite.close();
  }
}

/** Run `fn` with a PGlite opened on `dir` (no server may hold it), then close it. */
export async function withPglite<T>(dir: string, fn: (query: Query) => Promise<T>): Promise<T> {
  const pglite = new PGlite({ dataDir: dir });
  try {
    return await fn((sql, params) => pglite.query(sql, params));
  } finally {
    await pglite.close();
  }
}

export async function withPg<T>(url: string, fn: (query: Query) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await c.connect();
  try {
    return await fn((sql, params) => c.query(sql, params));
  } finally {
    await c.end();
  }
}

/** A debate created over the API by `owner`, with `breakers` joined on the Breaker side. */
export async function apiDebate(base: string, owner: TokenUser, breakers: TokenUser[]): Promise<{ id: string; rootNodeId: string }> {
  const r = await request(`${base}/api/v1/debates`, {
    method: "POST",
    headers: bearer(owner.token),
    body: JSON.stringify({ title: "Load debate", proposal: "A plan that writes under load." }),
  });
  if (r.status !== 201) throw new Error(`create debate: ${r.status} ${r.text}`); // see the server log
  const debate = (r.json as { debate: { id: string; rootNodeId: string } }).debate;
  for (const b of breakers) {
    const j = await request(`${base}/api/v1/debates/${debate.id}/join`, { method: "POST", headers: bearer(b.token), body: JSON.stringify({ side: "BREAKER" }) });
    if (j.status !== 201 && j.status !== 200) throw new Error(`join: ${j.status} ${j.text}`);
  }
  return debate;
}

export type LoadResult = { acked: Map<string, string>; statuses: Map<number | string, number>; sent: number };

/**
 * Each client posts counterexamples in a loop until `stop()` resolves or it has sent
 * `maxPerClient`. `acked` maps a move's unique body to the id of the 201 answer.
 */
export function runMoveLoad(
  base: () => string,
  debate: { id: string; rootNodeId: string },
  clients: TokenUser[],
  opts: { maxPerClient: number; maxMs: number; tag: string },
): { stop: () => void; done: Promise<LoadResult>; acked: Map<string, string> } {
  const acked = new Map<string, string>();
  const statuses = new Map<number | string, number>();
  let sent = 0;
  let stopped = false;
  const deadline = Date.now() + opts.maxMs;
  const one = async (c: TokenUser, ci: number) => {
    for (let i = 0; i < opts.maxPerClient && !stopped && Date.now() < deadline; i++) {
      const body = `${opts.tag}-${ci}-${i}-${randomBytes(3).toString("hex")}`;
      sent++;
      try {
        const r = await request(`${base()}/api/v1/debates/${debate.id}/nodes`, {
          method: "POST",
          headers: bearer(c.token),
          body: JSON.stringify({ parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", body }),
          timeoutMs: 10_000,
        });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        const id = (r.json as { node?: { id?: string } } | undefined)?.node?.id;
        if (r.status === 201 && id) acked.set(body, id);
        else await sleep(50);
      } catch (e) {
        const key = (e as Error).name === "TimeoutError" ? "timeout" : "network";
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        await sleep(50);
      }
    }
  };
  const done = Promise.all(clients.map((c, i) => one(c, i))).then(() => ({ acked, statuses, sent }));
  return { stop: () => void (stopped = true), done, acked };
}

// ---------- a private PostgreSQL cluster ----------

export type OwnPostgres = {
  url: (db?: string) => string;
  port: number;
  stop(): void;
  start(): void;
  destroy(): void;
};

function pgBinDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : undefined;
}

export const hasPostgresBinaries = () => pgBinDir() !== undefined && (process.getuid?.() !== 0 || hasUser("postgres"));

function hasUser(name: string): boolean {
  return spawnSync("id", ["-u", name]).status === 0;
}

/**
 * initdb a throwaway cluster (trust auth, loopback) and start it on `port`.
 * Stopping it disturbs nobody else. As root, it runs as the `postgres` user.
 */
export function ownPostgres(port: number): OwnPostgres {
  const bin = pgBinDir();
  if (!bin) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql");
  const dir = mkdtempSync(path.join(os.tmpdir(), `bb-pg-${port}-`));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(spawnSync("id", ["-u", "postgres"]).stdout.toString());
    const gid = Number(spawnSync("id", ["-g", "postgres"]).stdout.toString());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ["setpriv", ["--reuid=postgres", "--regid=postgres", "--clear-groups", path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: "utf8", timeout: 60_000, cwd: "/tmp" });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  };
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const opts = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = () => run("pg_ctl", ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "-t", "30", "start"]);
  const stop = () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
  start();
  return {
    port,
    url: (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `ownPostgres` on a free port with the app's database `bb` created and migrated (destroyed again if that fails). */
export async function migratedPostgres(): Promise<OwnPostgres> {
  const server = ownPostgres(await freePort());
  try {
    await withPg(server.url(), (q) => q(`CREATE DATABASE bb`));
    await applyMigrations({ target: { kind: "postgres", url: server.url("bb") } });
    return server;
  } catch (error) {
    server.destroy();
    throw error;
  }
}

/**
 * The server fault tests do not depend on the test database mode (they bring
 * their own data dirs and PostgreSQL clusters), so `npm test` runs them once:
 * in the embedded-database pass. FAULT_TESTS=1 runs them in the PostgreSQL pass too.
 */
export const runFaultTests = !process.env.TEST_DATABASE_URL?.trim() || process.env.FAULT_TESTS === "1";
