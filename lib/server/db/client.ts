import "server-only";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { ITXClientDenyList } from "@prisma/client/runtime/client";
import pg from "pg";
import { env, pgliteDataDir } from "@/lib/server/env";
import { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import { acquireLock, type HeldLock } from "@/lib/server/db/lock";
import { describePrivacyCheck, ensurePrivateDataDir, lockDownIfOurs, lockDownTree } from "@/lib/server/db/private-dir";
import { log } from "@/lib/server/log";
import { workerScriptPath } from "@/lib/server/ops/worker-script";
import { dbTraceFile, dbTraceSample } from "@/lib/server/db/trace";

// One database client per process. It lives on globalThis so that Next's dev
// server, which re-evaluates modules on every change, keeps reusing it (a second
// PGlite instance on the same directory would lose writes).

export type DbMode = "pglite" | "postgres";

const clientOptions = {
  // Password hashes never leave the database by accident. Code that needs one
  // opts in per query: `omit: { passwordHash: false }`.
  omit: { user: { passwordHash: true } },
} as const;

function createClient(adapter: PrismaPg) {
  return new PrismaClient({ adapter, ...clientOptions });
}

/** The application's Prisma client type (with the global omit applied). */
export type Db = ReturnType<typeof createClient>;
/** The client inside `db().$transaction(async (tx) => ...)`. */
// (Built from Db rather than taken from $transaction's signature, whose generated type forgets the global omit.)
export type Tx = Omit<Db, ITXClientDenyList>;
export type { Prisma };

type State = {
  client?: Db;
  mode?: DbMode;
  embedded?: EmbeddedDb;
  pool?: pg.Pool;
  lock?: HeldLock;
  closing?: Promise<void>;
  shutdownRegistered?: boolean;
};

const g = globalThis as typeof globalThis & { __builderBreakerDb?: State };
const state: State = (g.__builderBreakerDb ??= {});

export function dbMode(): DbMode {
  return env().DATABASE_URL ? "postgres" : "pglite";
}

/**
 * The embedded database (PGlite) runs in a worker thread behind a PostgreSQL
 * wire-protocol socket (lib/server/db/pglite-worker.mjs), so a long statement
 * never blocks this thread's event loop; the app reaches it through the same
 * `pg` pool and Prisma adapter as a PostgreSQL server (docs/decisions/011).
 */
type EmbeddedDb = {
  /** The current worker: replaced when one dies (restartEmbedded). */
  worker: Worker;
  dataDir: string;
  /** Private folder holding the socket `.s.PGSQL.5432` (pg's naming for unix sockets). */
  socketDir: string;
  /** Resolves once the current worker accepts connections; rejects when PGlite could not open. */
  ready: Promise<void>;
  /** Resolves when the current worker has exited (for whatever reason). */
  exited: Promise<void>;
  /** Restarts since the last worker that stayed up RESTART_RESET_MS (the backoff's exponent). */
  restarts: number;
  restartTimer?: ReturnType<typeof setTimeout>;
  /** The next worker's readiness while a restart waits out its backoff. */
  restarting?: Deferred;
  listeners: Map<string, Set<(payload: string) => void>>;
  listening: Map<string, Promise<void>>;
  pendingListens: Map<number, { resolve: () => void; reject: (e: Error) => void }>;
  nextListenId: number;
  closed: boolean;
};

// One backend serves every connection, one statement at a time: more connections only
// queue more statements in the worker. A few let a request's statement wait there instead
// of in the pool; the server accepts more than the pool opens, for migrations and backups.
const EMBEDDED_POOL_MAX = 4;
const EMBEDDED_MAX_CONNECTIONS = 16;

const PGLITE_WORKER = ["lib", "server", "db", "pglite-worker.mjs"];

/**
 * Open the embedded database on the configured data dir (with the directory lock)
 * in its worker thread. Migrations, backups and the app all reach it through
 * pgPool(): the directory is never opened twice in one process.
 */
function embeddedDb(): EmbeddedDb {
  if (dbMode() !== "pglite") throw new Error("the embedded database is only used when DATABASE_URL is not set");
  if (state.embedded) return state.embedded;
  const dir = pgliteDataDir();
  const lock = withDataDirErrors(path.dirname(dir), () => {
    // PGlite's own mkdir is not recursive. Folders we create are private (lib/server/db/private-dir.ts).
    mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    return acquireLock(dir);
  });
  let socketDir: string | undefined;
  try {
    if (existsSync(dir)) {
      withDataDirErrors(dir, () => probeWritable(dir));
      const notice = describePrivacyCheck(ensurePrivateDataDir(dir));
      // A sentence for the person starting the server (docs/security.md), on stderr as written, like
      // the other start-up messages; the JSON log would bury it.
      if (notice) console.warn(notice);
    } else {
      // PGlite would create it under the umask (0755); a restore into a new DATA_DIR lands here.
      withDataDirErrors(path.dirname(dir), () => mkdirSync(dir, { mode: 0o700 }));
    }
    // The socket has no password: it lives in a folder only this user can enter (mkdtemp: 0700),
    // short enough for the 107-byte limit on socket paths.
    socketDir = mkdtempSync(path.join(os.tmpdir(), "bb-pglite-"));
    state.embedded = startEmbedded(dir, socketDir);
  } catch (e) {
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    lock.release();
    throw e;
  }
  state.lock = lock;
  registerShutdown();
  return state.embedded;
}

function newWorker(dataDir: string, socketDir: string): Worker {
  const worker = new Worker(workerScriptPath(import.meta.dirname, PGLITE_WORKER), {
    workerData: { dataDir, socketPath: path.join(socketDir, SOCKET_NAME), maxConnections: EMBEDDED_MAX_CONNECTIONS, traceFile: dbTraceFile() },
  });
  // A process that ends without closeDb() (a script, a test file) is not held open by it.
  worker.unref();
  return worker;
}

const SOCKET_NAME = ".s.PGSQL.5432";

function startEmbedded(dataDir: string, socketDir: string): EmbeddedDb {
  const embedded = {
    dataDir,
    socketDir,
    listeners: new Map(),
    listening: new Map(),
    pendingListens: new Map(),
    nextListenId: 1,
    closed: false,
    restarts: 0,
  } as Partial<EmbeddedDb> as EmbeddedDb;
  attachWorker(embedded, newWorker(dataDir, socketDir));
  return embedded;
}

/** Makes `worker` the embedded database's current worker: its ready/exited promises and messages. */
function attachWorker(embedded: EmbeddedDb, worker: Worker, pendingReady?: Deferred): void {
  const ready = pendingReady ?? deferred();
  embedded.worker = worker;
  embedded.ready = ready.promise;
  embedded.exited = new Promise((resolve) => worker.once("exit", () => resolve()));
  const upSince = Date.now();
  worker.on("message", (message: WorkerMessage) => {
    switch (message.type) {
      case "ready":
        ready.resolve();
        break;
      case "failed": {
        const code = message.code ?? diskFullCode(path.dirname(embedded.dataDir));
        ready.reject(code && FS_CODES.has(code) ? new DataDirError(embedded.dataDir, code) : new Error(`The embedded database could not open ${embedded.dataDir}: ${message.message}`));
        break;
      }
      case "listening": {
        const pending = embedded.pendingListens.get(message.id);
        embedded.pendingListens.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error));
        else pending?.resolve();
        break;
      }
      case "notification":
        for (const listener of embedded.listeners.get(message.channel) ?? []) listener(message.payload);
        break;
    }
  });
  worker.on("error", (error) => {
    log().error({ err: error }, "[db] the embedded database's worker failed");
    ready.reject(error);
  });
  worker.once("exit", (code) => {
    for (const pending of embedded.pendingListens.values()) pending.reject(new Error("The embedded database has stopped."));
    embedded.pendingListens.clear();
    embedded.listening.clear();
    if (embedded.closed || embedded.worker !== worker) {
      ready.reject(new Error("The embedded database has stopped."));
      return;
    }
    // A worker that once served is restarted; one that never opened (bad data dir) is not:
    // its error is the answer, and restarting would only repeat it.
    const served = ready.settled === "resolved";
    ready.reject(new Error("The embedded database has stopped."));
    if (served) scheduleRestart(embedded, code, Date.now() - upSince);
    else log().error({ code }, "[db] the embedded database's worker stopped");
  });
}

// Backoff between restarts of a worker that keeps dying: 250 ms doubling to 10 s; a worker
// that stayed up a minute starts the count again.
const RESTART_FIRST_MS = 250;
const RESTART_MAX_MS = 10_000;
const RESTART_RESET_MS = 60_000;

/**
 * The worker is gone (its thread has exited, so PGlite no longer touches the data dir); the
 * data-dir lock is still ours. After a backoff, a new worker opens the same dir on the same
 * socket path. Connections asked for meanwhile wait for it (`ready` is already the new
 * worker's), so requests heal instead of answering 503 until someone restarts the server.
 */
function scheduleRestart(embedded: EmbeddedDb, code: number, upMs: number): void {
  if (upMs >= RESTART_RESET_MS) embedded.restarts = 0;
  const delayMs = Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** embedded.restarts);
  embedded.restarts++;
  log().error({ code, delayMs, restarts: embedded.restarts }, `[db] the embedded database's worker stopped; restarting it in ${delayMs} ms`);
  const next = deferred();
  embedded.ready = next.promise;
  embedded.restarting = next;
  embedded.restartTimer = setTimeout(() => {
    embedded.restartTimer = undefined;
    embedded.restarting = undefined;
    if (embedded.closed) return next.reject(new Error("The embedded database has stopped."));
    // The dead worker's socket file would make the new server's listen fail (EADDRINUSE).
    rmSync(path.join(embedded.socketDir, SOCKET_NAME), { force: true });
    attachWorker(embedded, newWorker(embedded.dataDir, embedded.socketDir), next);
    void next.promise.then(
      () => {
        log().info({ restarts: embedded.restarts }, "[db] the embedded database's worker is back");
        relisten(embedded);
      },
      () => {},
    );
  }, delayMs);
  embedded.restartTimer.unref();
}

/** Channels someone listens on are listened on again in a new worker. */
function relisten(embedded: EmbeddedDb): void {
  for (const [channel, listeners] of embedded.listeners) {
    if (listeners.size === 0 || embedded.listening.has(channel)) continue;
    const id = embedded.nextListenId++;
    const active = new Promise<void>((resolve, reject) => embedded.pendingListens.set(id, { resolve, reject }));
    embedded.listening.set(channel, active);
    active.catch((err: unknown) => {
      embedded.listening.delete(channel);
      log().error({ err, channel }, "[db] could not listen again after the worker restarted");
    });
    embedded.worker.postMessage({ type: "listen", id, channel });
  }
}

type Deferred = { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void; settled?: "resolved" | "rejected" };

function deferred(): Deferred {
  const d = {} as Deferred;
  d.promise = new Promise<void>((resolve, reject) => {
    d.resolve = () => {
      d.settled ??= "resolved";
      resolve();
    };
    d.reject = (e) => {
      d.settled ??= "rejected";
      reject(e);
    };
  });
  d.promise.catch(() => {}); // observed by every caller; not an unhandled rejection on its own
  return d;
}

/**
 * Test hook: ends the embedded database's worker thread at once, as a crash would (no
 * clean close), to show that the server restarts it. Resolves when the thread has exited.
 */
export async function crashEmbeddedWorkerForTests(): Promise<void> {
  const embedded = state.embedded;
  if (!embedded) throw new Error("the embedded database is not open");
  await embedded.ready;
  const { exited } = embedded;
  await embedded.worker.terminate();
  await exited;
}

type WorkerMessage =
  | { type: "ready" }
  | { type: "failed"; message: string; code?: string }
  | { type: "listening"; id: number; error?: string }
  | { type: "notification"; channel: string; payload: string }
  | { type: "closed"; error?: string };

/**
 * Listen on a notification channel of the embedded database. NOTIFY does not reach
 * a LISTEN on another socket connection (all share one backend), so the worker
 * listens on the instance itself and posts each payload here. Resolves once active.
 */
export async function listenEmbedded(channel: string, onPayload: (payload: string) => void): Promise<() => void> {
  const embedded = embeddedDb();
  await embedded.ready;
  let set = embedded.listeners.get(channel);
  if (!set) embedded.listeners.set(channel, (set = new Set()));
  set.add(onPayload);
  let active = embedded.listening.get(channel);
  if (!active) {
    const id = embedded.nextListenId++;
    active = new Promise<void>((resolve, reject) => embedded.pendingListens.set(id, { resolve, reject }));
    embedded.listening.set(channel, active);
    active.catch(() => embedded.listening.delete(channel));
    embedded.worker.postMessage({ type: "listen", id, channel });
  }
  await active;
  return () => void embedded.listeners.get(channel)?.delete(onPayload);
}

/** The data folder cannot be used (not writable, not a folder, disk full): one clear line, no stack. */
export class DataDirError extends Error {
  constructor(
    public readonly dir: string,
    public readonly code: string,
  ) {
    const why: Record<string, string> = {
      EACCES: "permission denied",
      EPERM: "operation not permitted",
      EROFS: "read-only file system",
      ENOSPC: "the disk is full",
      EDQUOT: "disk quota exceeded",
      ENOTDIR: "a part of the path is a file, not a folder",
      EEXIST: "a file is in the way",
    };
    super(
      `Cannot write the database folder ${dir}: ${code}${why[code] ? ` (${why[code]})` : ""}. ` +
        (code === "ENOSPC" || code === "EDQUOT"
          ? "Free some disk space, or set DATA_DIR to a folder on another disk."
          : "Make it writable for the user running the app, or set DATA_DIR to another folder."),
    );
    this.name = "DataDirError";
  }
}

const FS_CODES = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "ENOTDIR", "EEXIST"]);

function withDataDirErrors<T>(dir: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && FS_CODES.has(code)) throw new DataDirError(dir, code);
    throw e;
  }
}

function probeWritable(dir: string) {
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  writeFileSync(probe, "ok");
  unlinkSync(probe);
}

/**
 * Create the PGlite database folder if it does not exist yet, atomically: it is
 * built in a sibling temp folder and renamed into place, so a failure (disk
 * full, killed process) never leaves a half-created database behind. The start
 * path calls this before anything opens the database.
 */
export async function ensurePgliteDataDir(): Promise<void> {
  if (dbMode() !== "pglite" || state.embedded) return;
  const dir = pgliteDataDir();
  if (existsSync(dir)) return;
  const lock = withDataDirErrors(path.dirname(dir), () => {
    mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    return acquireLock(dir);
  });
  const building = `${dir}.creating-${process.pid}`;
  try {
    if (existsSync(dir)) return;
    rmSync(building, { recursive: true, force: true });
    withDataDirErrors(path.dirname(dir), () => probeWritable(path.dirname(dir)));
    let fresh: PGlite | undefined;
    try {
      // Private from the first byte: PGlite fills a folder that exists (its own would be 0755)…
      mkdirSync(building, { mode: 0o700 });
      fresh = new PGlite({ dataDir: building });
      await fresh.waitReady;
      await fresh.query("SELECT 1");
      await fresh.close();
      lockDownTree(building); // …but unpacks its files 0666.
    } catch (e) {
      await fresh?.close().catch(() => {});
      // PGlite reports file-system failures (from WASM) without an errno: find the cause ourselves.
      const code = (e as NodeJS.ErrnoException).code ?? diskFullCode(path.dirname(dir));
      if (code && FS_CODES.has(code)) throw new DataDirError(path.dirname(dir), code);
      throw e;
    }
    renameSync(building, dir);
  } finally {
    rmSync(building, { recursive: true, force: true });
    lock.release();
  }
}

function diskFullCode(dir: string): string | undefined {
  try {
    const probe = path.join(dir, `.space-probe-${process.pid}`);
    try {
      writeFileSync(probe, Buffer.alloc(1024 * 1024));
    } finally {
      rmSync(probe, { force: true });
    }
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
}

/**
 * How a pool reaches a database, whichever thread opens it. PostgreSQL: fail fast when the server
 * is down; columns are timestamps without time zone holding UTC (Prisma's convention), so SQL
 * that writes now() into them must see UTC too, whatever the server's own time zone. Embedded:
 * a new connection's handshake waits in the worker's queue behind whatever statement runs (a
 * long read takes seconds), so opening one may wait as long as a statement may.
 */
function connectionConfig(endpoint: DatabaseEndpoint): pg.PoolConfig {
  return endpoint.kind === "postgres"
    ? { connectionString: endpoint.url, connectionTimeoutMillis: 5_000, options: "-c TimeZone=UTC" }
    : { host: endpoint.socketDir, port: 5432, user: "postgres", database: "postgres", connectionTimeoutMillis: 120_000 };
}

/**
 * The process's pg pool: to DATABASE_URL, or to the embedded database's worker
 * (started, with the directory lock, on first use). One driver path for both.
 */
export function pgPool(): pg.Pool {
  if (state.pool) return state.pool;
  const url = env().DATABASE_URL;
  if (url) {
    state.pool = new pg.Pool({ ...connectionConfig({ kind: "postgres", url }), idleTimeoutMillis: 30_000, max: 10 });
  } else {
    const embedded = embeddedDb();
    state.pool = new pg.Pool({
      ...connectionConfig({ kind: "embedded", socketDir: embedded.socketDir }),
      // Connections are kept (a stopped worker fails at once: no socket).
      idleTimeoutMillis: 0,
      max: EMBEDDED_POOL_MAX,
      // Connections wait for the worker to listen (PGlite opens in ~0.5–1 s) instead of failing.
      Client: clientAfter(() => embedded.ready),
      // Like the in-process PGlite before it, the pool does not keep a finished script alive.
      allowExitOnIdle: true,
    });
  }
  const pool = state.pool;
  dbTraceSample(() => ({ poolTotal: pool.totalCount, poolIdle: pool.idleCount, poolWaiting: pool.waitingCount }));
  // An idle client losing its connection must not crash the process.
  state.pool.on("error", (err) => log().warn({ err }, "[db] idle database connection error"));
  registerShutdown();
  return state.pool;
}

/** A pg.Client class whose connect() first waits for the current worker's `ready`. */
function clientAfter(ready: () => Promise<void>): typeof pg.Client {
  class WaitingClient extends pg.Client {
    connect(): Promise<pg.Client>;
    connect(callback: (err: Error | null, client?: pg.Client) => void): void;
    connect(callback?: (err: Error | null, client?: pg.Client) => void): Promise<pg.Client> | void {
      const connected = ready().then(() => super.connect());
      if (!callback) return connected;
      connected.then(
        (client) => callback(null, client),
        (e: Error) => callback(e),
      );
    }
  }
  return WaitingClient;
}

/** Where another thread of this process reaches its database (the analysis worker). */
export type DatabaseEndpoint = { kind: "postgres"; url: string } | { kind: "embedded"; socketDir: string };

export function databaseEndpoint(): DatabaseEndpoint {
  const url = env().DATABASE_URL;
  return url ? { kind: "postgres", url } : { kind: "embedded", socketDir: embeddedDb().socketDir };
}

/**
 * In a worker thread: reach the database of the thread that started it (databaseEndpoint()),
 * through a small pool of its own, instead of opening one (the embedded data dir is open once).
 */
export function connectToEndpoint(endpoint: DatabaseEndpoint, max = 2): void {
  if (state.pool) throw new Error("connectToEndpoint: this thread already has a database pool");
  state.pool = new pg.Pool({ ...connectionConfig(endpoint), max });
  state.pool.on("error", (err) => log().warn({ err }, "[db] idle database connection error"));
}

export function db(): Db {
  if (state.client) return state.client;
  state.client = createClient(new PrismaPg(pgPool()));
  state.mode = dbMode();
  return state.client;
}

/**
 * to_char format of a timestamp as Date#toISOString writes it (the columns hold UTC):
 * driver queries select timestamps as this text, `to_char(col, ${ISO_TIMESTAMP})`.
 */
export const ISO_TIMESTAMP = Prisma.raw(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`);

/** Statements sent by driverQuery since start (tests count round trips with it). */
export const driverStats = { statements: 0 };

const TIMESTAMP_OID = 1114;
/**
 * Prisma's `timestamp(3)` columns hold UTC without a zone; pg would read them in the
 * process's local time zone. Read as UTC, they are the Dates Prisma gives.
 */
const utcTimestampTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * One statement straight on the driver (the pg pool or the PGlite instance), for
 * bulk reads where Prisma's per-row result mapping is the cost: the tree and the
 * exports (docs/decisions/006). Values come back as the driver parses them, so
 * such queries select timestamps as ISO text, or ask for `utcTimestamps` (Dates, as Prisma reads them).
 */
export async function driverQuery<T>(query: Prisma.Sql, options: { rowMode?: "object" | "array"; prepared?: boolean; utcTimestamps?: true } = {}): Promise<T[]> {
  driverStats.statements++;
  const result = await pgPool().query({
    // The embedded database's connections share one backend, whose prepared statements
    // would collide between them (each pg client names them on its own): unnamed there.
    ...(options.prepared && dbMode() === "postgres" ? { name: statementName(query.text) } : {}),
    text: query.text,
    values: query.values,
    ...(options.rowMode === "array" ? { rowMode: "array" } : {}),
    ...(options.utcTimestamps ? { types: utcTimestampTypes } : {}),
  });
  return result.rows as T[];
}

/**
 * One bulk statement (an import's batch), planned afresh. On PostgreSQL the foreign-key checks'
 * plans are cached per connection, and one made while "Node" was nearly empty scans the whole
 * table for every inserted row as the table grows (without autovacuum's ANALYZE to replace it, a
 * 100,000-node import took 250 s instead of 12): so the statement runs in a transaction of its
 * own with plan_cache_mode = force_custom_plan, which ends with it. The embedded worker already
 * plans every statement afresh. Other statements keep their cached plans (decision 006).
 */
export async function driverBulkStatement<T = Record<string, unknown>>(query: Prisma.Sql): Promise<T[]> {
  if (dbMode() !== "postgres") return driverQuery<T>(query);
  const client = await pgPool().connect();
  try {
    driverStats.statements++;
    await client.query("BEGIN");
    await client.query("SET LOCAL plan_cache_mode = force_custom_plan");
    const result = await client.query(query.text, query.values);
    await client.query("COMMIT");
    return result.rows as T[];
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

// `prepared: true` names the statement by its text, so each pooled connection parses and
// plans it once instead of on every call: for the small hot statements (a move's two CTE
// statements, the token lookup) planning was a large part of PostgreSQL's work per move
// (docs/decisions/006). Bulk reads stay unprepared: their planning is negligible next to
// their execution, and a generic plan could suit one debate size worse than another.
// A prepared statement's text must not embed values (they travel as parameters).
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `bb_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

// Many rows: pg parses rows quickly on both databases (the embedded one sends the wire
// protocol from its worker too), so the query's own ORDER BY holds. Every column must
// survive JSON (text, numbers, booleans, arrays, json; timestamps as ISO text).
// `_orderBy` is what the in-process PGlite needed around its json_agg; unused now.

/** The rows as objects. */
export async function driverRows<T>(query: Prisma.Sql, _orderBy?: Prisma.Sql): Promise<T[]> {
  return driverQuery<T>(query);
}

/** The rows as the text of a JSON array (for a response body that is just that). */
export async function driverJsonArray(query: Prisma.Sql, _orderBy?: Prisma.Sql): Promise<string> {
  return JSON.stringify(await driverQuery(query));
}

/** Close the client, the pool and the embedded database's worker, and release the directory lock. Safe to call twice. */
export function closeDb(): Promise<void> {
  state.closing ??= (async () => {
    const { client, embedded, pool, lock } = state;
    try {
      if (client) await client.$disconnect().catch(() => {});
      if (pool) await pool.end().catch(() => {});
      if (embedded) await closeEmbedded(embedded);
    } finally {
      lock?.release();
      state.client = undefined;
      state.mode = undefined;
      state.embedded = undefined;
      state.pool = undefined;
      state.lock = undefined;
      state.closing = undefined;
    }
  })();
  return state.closing;
}

/** PGlite closes in its worker (a clean shutdown: no recovery at the next start), then the worker ends. */
async function closeEmbedded(embedded: EmbeddedDb): Promise<void> {
  embedded.closed = true;
  clearTimeout(embedded.restartTimer);
  embedded.restarting?.reject(new Error("The embedded database has stopped."));
  try {
    const closed = new Promise<void>((resolve) => {
      embedded.worker.on("message", (m: WorkerMessage) => {
        if (m.type !== "closed") return;
        if (m.error) log().error({ error: m.error }, "[db] error while closing the embedded database");
        resolve();
      });
    });
    embedded.worker.postMessage({ type: "close" });
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([closed, embedded.exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    await embedded.worker.terminate();
    // Files PGlite wrote since it opened (migrations, its relcache file) go 0600 like the rest;
    // until then the folder's 0700 keeps them from other users.
    lockDownIfOurs(embedded.dataDir);
  } finally {
    rmSync(embedded.socketDir, { recursive: true, force: true });
  }
}

function registerShutdown() {
  if (state.shutdownRegistered) return;
  state.shutdownRegistered = true;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === "SIGINT" ? 130 : 143;
    const timer = setTimeout(() => process.exit(code), 5_000);
    timer.unref();
    closeDb()
      .catch((e: unknown) => log().error({ err: e }, "[db] error while closing"))
      .finally(() => process.exit(code));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}
