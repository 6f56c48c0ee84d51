// Bench databases: a PGlite data dir or a `bb_bench_<random>_<label>` PostgreSQL
// database, migrated once per run (lib/server/db/migrate.ts) and cloned per benchmark.
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { acquireLock, type HeldLock } from "@/lib/server/db/lock";
import { applyMigrations } from "@/lib/server/db/migrate";
import type { BenchMode } from "./types";

/** The minimal SQL surface the benchmarks use, the same over pg and PGlite. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
  /** A Prisma driver adapter over the same connection(s), as lib/server/db/client.ts builds it. */
  prismaAdapter(): SqlDriverAdapterFactory;
  close(): Promise<void>;
}

export interface BenchDatabase {
  mode: BenchMode;
  label: string;
  /** Environment that points a server or script at this database. */
  env: Record<string, string>;
  /**
   * Opens the database in this process. PGlite: holds the data-dir lock until
   * close(), so close it before starting a server on the same directory.
   * PostgreSQL: a pool of `poolSize` connections (default 10, like the app's).
   */
  open(opts?: { poolSize?: number }): Promise<Sql>;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function benchDatabaseUrl(): string | undefined {
  const url = (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "").trim();
  return url || undefined;
}

function withDbName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

function pgliteSql(pglite: PGlite, lock: HeldLock): Sql {
  return {
    query: async <T,>(text: string, params?: unknown[]) => (await pglite.query<T>(text, params)).rows,
    exec: async (text) => void (await pglite.exec(text)),
    prismaAdapter: () => new PrismaPGlite(pglite),
    close: async () => {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}

function pgSql(url: string, poolSize: number): Sql {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  pool.on("error", () => {});
  return {
    query: async <T,>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
    exec: async (text) => void (await pool.query(text)),
    prismaAdapter: () => new PrismaPg(pool),
    close: () => pool.end(),
  };
}

export async function openPglite(dir: string): Promise<Sql> {
  mkdirSync(path.dirname(dir), { recursive: true });
  const lock = acquireLock(dir);
  try {
    const pglite = new PGlite({ dataDir: dir });
    await pglite.waitReady;
    return pgliteSql(pglite, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** A pg pool on a bench database, reached the way the server reaches it. */
export interface DriverPool {
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * The server's driver path in the bench process (lib/server/db/client.ts, pgPool): PostgreSQL
 * through a pg pool of 10 on the database's URL; PGlite in the server's own worker thread
 * (lib/server/db/pglite-worker.mjs, PGlite behind pglite-socket on a unix socket) through a
 * pg pool of 4 on that socket. PGlite: holds the data-dir lock until close(), so no server
 * may run on the same database meanwhile.
 */
export async function openDriverPool(database: BenchDatabase, root: string): Promise<DriverPool> {
  if (database.mode === "postgres") {
    const pool = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 10, connectionTimeoutMillis: 5_000, options: "-c TimeZone=UTC" });
    pool.on("error", () => {});
    return { pool, close: () => pool.end() };
  }
  const dir = path.join(database.env.DATA_DIR!, "pglite");
  const lock = acquireLock(dir);
  const socketDir = mkdtempSync(path.join(os.tmpdir(), "bb-bench-pglite-"));
  const worker = new Worker(path.join(root, "lib", "server", "db", "pglite-worker.mjs"), {
    workerData: { dataDir: dir, socketPath: path.join(socketDir, ".s.PGSQL.5432"), maxConnections: 16 },
  });
  const message = (type: string) =>
    new Promise<{ type: string; message?: string }>((resolve, reject) => {
      const onMessage = (m: { type: string; message?: string }) => {
        if (m.type === type || m.type === "failed") {
          worker.off("message", onMessage);
          resolve(m);
        }
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
  const cleanUp = () => {
    rmSync(socketDir, { recursive: true, force: true });
    lock.release();
  };
  const ready = await message("ready").catch((e: unknown) => ({ type: "failed", message: e instanceof Error ? e.message : String(e) }));
  if (ready.type !== "ready") {
    await worker.terminate();
    cleanUp();
    throw new Error(`the PGlite worker did not start: ${ready.message}`);
  }
  const pool = new pg.Pool({ host: socketDir, port: 5432, user: "postgres", database: "postgres", max: 4, connectionTimeoutMillis: 120_000 });
  pool.on("error", () => {});
  return {
    pool,
    close: async () => {
      try {
        await pool.end();
        const closed = message("closed");
        worker.postMessage({ type: "close" });
        await closed;
        await worker.terminate();
      } finally {
        cleanUp();
      }
    },
  };
}

/** Creates, clones and finally drops the run's databases. */
export class DatabaseFactory {
  private readonly runId = randomBytes(4).toString("hex");
  private templateReady: Promise<void> | undefined;
  private readonly created: string[] = [];
  private counter = 0;

  constructor(
    readonly mode: BenchMode,
    private readonly tmpDir: string,
    private readonly serverUrl: string | undefined,
    private readonly log: (m: string) => void,
  ) {
    if (mode === "postgres") {
      if (!serverUrl) throw new Error("postgres mode needs BENCH_DATABASE_URL or TEST_DATABASE_URL");
      const host = new URL(serverUrl).hostname;
      if (!LOCAL_HOSTS.has(host)) throw new Error(`Refusing to create and drop databases on ${host}: use a local server`);
    }
  }

  private get templateName() {
    return `bb_bench_${this.runId}`;
  }

  private get templateDir() {
    return path.join(this.tmpDir, "template", "pglite");
  }

  private ensureTemplate(): Promise<void> {
    this.templateReady ??= (async () => {
      const started = performance.now();
      if (this.mode === "pglite") {
        const lock = acquireLock(this.templateDir);
        const pglite = new PGlite({ dataDir: this.templateDir });
        try {
          await applyMigrations({ target: { kind: "pglite", pglite } });
        } finally {
          await pglite.close();
          lock.release();
        }
      } else {
        await adminQuery(this.serverUrl!, `CREATE DATABASE "${this.templateName}"`);
        this.created.push(this.templateName);
        await applyMigrations({ target: { kind: "postgres", url: withDbName(this.serverUrl!, this.templateName) } });
      }
      this.log(`migrated the ${this.mode} template in ${Math.round(performance.now() - started)} ms`);
    })();
    return this.templateReady;
  }

  /** A fresh database: migrated (cloned from the run's template) or, with migrated=false, empty. */
  async fresh(label: string, { migrated = true } = {}): Promise<BenchDatabase> {
    const safe = label.replace(/[^a-z0-9]/gi, "_").toLowerCase();
    const id = `${safe}_${++this.counter}`;
    if (migrated) await this.ensureTemplate();
    if (this.mode === "pglite") {
      const dataDir = path.join(this.tmpDir, id);
      const dir = path.join(dataDir, "pglite");
      if (migrated) cpSync(this.templateDir, dir, { recursive: true });
      else mkdirSync(dataDir, { recursive: true });
      return { mode: "pglite", label, env: { DATA_DIR: dataDir }, open: () => openPglite(dir) };
    }
    const name = `${this.templateName}_${id}`;
    await adminQuery(this.serverUrl!, migrated ? `CREATE DATABASE "${name}" TEMPLATE "${this.templateName}"` : `CREATE DATABASE "${name}"`);
    this.created.push(name);
    const url = withDbName(this.serverUrl!, name);
    return { mode: "postgres", label, env: { DATABASE_URL: url }, open: async (opts) => pgSql(url, opts?.poolSize ?? 10) };
  }

  /** Drops every database this run created (PGlite dirs go with the run's tmp folder). */
  async dropAll(): Promise<void> {
    if (this.mode !== "postgres") return;
    const { rows } = await adminQuery(this.serverUrl!, `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${this.templateName}%`]);
    const names = new Set([...this.created, ...rows.map((r: { datname: string }) => r.datname)]);
    // Clones first, the template last.
    for (const name of [...names].sort((a, b) => b.length - a.length)) {
      await adminQuery(this.serverUrl!, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((e: unknown) =>
        this.log(`could not drop ${name}: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }
}

export function removeDir(dir: string) {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
