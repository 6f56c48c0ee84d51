import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { ITXClientDenyList } from "@prisma/client/runtime/client";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env, pgliteDataDir } from "@/lib/env";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { acquireLock, type HeldLock } from "./lock";

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
  mkdirSync(path.dirname(dir), { recursive: true }); // PGlite's own mkdir is not recursive
  const lock = acquireLock(dir);
  try {
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

/** The process's pg pool for DATABASE_URL. */
export function pgPool(): pg.Pool {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("pgPool() needs DATABASE_URL");
  if (state.pool) return state.pool;
  state.pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Fail fast when the server is down instead of hanging the request.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process.
  state.pool.on("error", (err) => console.warn(`[db] idle PostgreSQL connection error: ${err.message}`));
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

/** Close the client, the PGlite instance or pool, and release the directory lock. Safe to call twice. */
export function closeDb(): Promise<void> {
  state.closing ??= (async () => {
    const { client, pglite, pool, lock } = state;
    try {
      if (client) await client.$disconnect().catch(() => {});
      if (pglite && !pglite.closed) await pglite.close();
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
      .catch((e: unknown) => console.error("[db] error while closing:", e))
      .finally(() => process.exit(code));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}
