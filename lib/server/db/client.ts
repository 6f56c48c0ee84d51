import "server-only";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { ITXClientDenyList } from "@prisma/client/runtime/client";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env, pgliteDataDir } from "@/lib/server/env";
import { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import { acquireLock, type HeldLock } from "@/lib/server/db/lock";
import { describePrivacyCheck, ensurePrivateDataDir, lockDownIfOurs, lockDownTree } from "@/lib/server/db/private-dir";
import { log } from "@/lib/server/log";

// One database client per process. It lives on globalThis so that Next's dev
// server, which re-evaluates modules on every change, keeps reusing it (a second
// PGlite instance on the same directory would lose writes).

export type DbMode = "pglite" | "postgres";

const clientOptions = {
  // Password hashes never leave the database by accident. Code that needs one
  // opts in per query: `omit: { passwordHash: false }`.
  omit: { user: { passwordHash: true } },
} as const;

function createClient(adapter: SqlDriverAdapterFactory) {
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
  pglite?: PGlite;
  pgliteDir?: string;
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
 * The process's PGlite instance on the configured data dir, opened (with the
 * directory lock) on first use. The migration runner and backups use this same
 * instance: the directory is never opened twice in one process.
 */
export function pgliteInstance(): PGlite {
  if (dbMode() !== "pglite") throw new Error("pgliteInstance() is only available when DATABASE_URL is not set");
  if (state.pglite) return state.pglite;
  const dir = pgliteDataDir();
  const lock = withDataDirErrors(path.dirname(dir), () => {
    // PGlite's own mkdir is not recursive. Folders we create are private (lib/server/db/private-dir.ts).
    mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    return acquireLock(dir);
  });
  try {
    if (existsSync(dir)) {
      withDataDirErrors(dir, () => probeWritable(dir));
      const notice = describePrivacyCheck(ensurePrivateDataDir(dir));
      if (notice) log().warn(notice);
    } else {
      // PGlite would create it under the umask (0755); a restore into a new DATA_DIR lands here.
      withDataDirErrors(path.dirname(dir), () => mkdirSync(dir, { mode: 0o700 }));
    }
    state.pglite = new PGlite({ dataDir: dir });
  } catch (e) {
    lock.release();
    throw e;
  }
  state.lock = lock;
  state.pgliteDir = dir;
  registerShutdown();
  return state.pglite;
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
  if (dbMode() !== "pglite" || state.pglite) return;
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

/** The process's pg pool for DATABASE_URL. */
export function pgPool(): pg.Pool {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("pgPool() needs DATABASE_URL");
  if (state.pool) return state.pool;
  state.pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Columns are timestamps without time zone holding UTC (Prisma's convention); SQL that
    // writes now() into them must see UTC too, whatever the server's own time zone.
    options: "-c TimeZone=UTC",
    // Fail fast when the server is down instead of hanging the request.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process.
  state.pool.on("error", (err) => log().warn({ err }, "[db] idle PostgreSQL connection error"));
  registerShutdown();
  return state.pool;
}

export function db(): Db {
  if (state.client) return state.client;
  const mode = dbMode();
  const adapter = mode === "postgres" ? new PrismaPg(pgPool()) : new PrismaPGlite(pgliteInstance());
  state.client = createClient(adapter);
  state.mode = mode;
  return state.client;
}

/**
 * to_char format of a timestamp as Date#toISOString writes it (the columns hold UTC):
 * driver queries select timestamps as this text, `to_char(col, ${ISO_TIMESTAMP})`.
 */
export const ISO_TIMESTAMP = Prisma.raw(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`);

/** Statements sent by driverQuery since start (tests count round trips with it). */
export const driverStats = { statements: 0 };

/**
 * One statement straight on the driver (the pg pool or the PGlite instance), for
 * bulk reads where Prisma's per-row result mapping is the cost: the tree and the
 * exports (docs/decisions/006). Values come back as the driver parses them, so
 * such queries select timestamps as ISO text.
 */
export async function driverQuery<T>(query: Prisma.Sql, options: { rowMode?: "object" | "array"; prepared?: boolean } = {}): Promise<T[]> {
  driverStats.statements++;
  if (dbMode() === "postgres") {
    const result = await pgPool().query({
      ...(options.prepared ? { name: statementName(query.text) } : {}),
      text: query.text,
      values: query.values,
      ...(options.rowMode === "array" ? { rowMode: "array" } : {}),
    });
    return result.rows as T[];
  }
  const result = await pgliteInstance().query<T>(query.text, query.values, options.rowMode === "array" ? { rowMode: "array" } : {});
  return result.rows;
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

// Many rows by each driver's fastest path: pg parses rows quickly; PGlite's row
// parsing in JS is ~3× slower than having the database aggregate the rows into one
// JSON text (docs/decisions/006). Every column must survive JSON (text, numbers,
// booleans, arrays, json; timestamps as ISO text). `orderBy` (over the alias
// `bulk`) keeps the query's order on the aggregate path.

/** The rows as objects. */
export async function driverRows<T>(query: Prisma.Sql, orderBy?: Prisma.Sql): Promise<T[]> {
  if (dbMode() === "postgres") return driverQuery<T>(query);
  const text = await pgliteJsonArray(query, orderBy);
  return text ? (JSON.parse(text) as T[]) : [];
}

/** The rows as the text of a JSON array (for a response body that is just that). */
export async function driverJsonArray(query: Prisma.Sql, orderBy?: Prisma.Sql): Promise<string> {
  if (dbMode() === "postgres") return JSON.stringify(await driverQuery(query));
  return (await pgliteJsonArray(query, orderBy)) ?? "[]";
}

async function pgliteJsonArray(query: Prisma.Sql, orderBy: Prisma.Sql | undefined): Promise<string | null> {
  const order = orderBy ? Prisma.sql` ORDER BY ${orderBy}` : Prisma.empty;
  const [row] = await driverQuery<[string | null]>(Prisma.sql`SELECT json_agg(bulk${order})::text FROM (${query}) bulk`, { rowMode: "array" });
  return row?.[0] ?? null;
}

/** Close the client, the PGlite instance or pool, and release the directory lock. Safe to call twice. */
export function closeDb(): Promise<void> {
  state.closing ??= (async () => {
    const { client, pglite, pool, lock, pgliteDir } = state;
    try {
      if (client) await client.$disconnect().catch(() => {});
      if (pglite && !pglite.closed) await pglite.close();
      // Files PGlite wrote since it opened (migrations, its relcache file) go 0600 like the rest;
      // until then the folder's 0700 keeps them from other users.
      if (pgliteDir) lockDownIfOurs(pgliteDir);
      if (pool) await pool.end().catch(() => {});
    } finally {
      lock?.release();
      state.client = undefined;
      state.mode = undefined;
      state.pglite = undefined;
      state.pgliteDir = undefined;
      state.pool = undefined;
      state.lock = undefined;
      state.closing = undefined;
    }
  })();
  return state.closing;
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
