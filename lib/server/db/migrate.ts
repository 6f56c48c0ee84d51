import "server-only";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { pgPool } from "@/lib/server/db/client";
import { withTransaction } from "@/lib/server/db/transaction";
import { newSchemaEngine, type SchemaEngine } from "@/lib/server/db/schema-engine";

// Migrations run on Prisma's own schema engine (WASM build) through the same
// driver adapters the app uses, so they work offline on PGlite and PostgreSQL
// and keep the standard `_prisma_migrations` table (`prisma migrate deploy`
// stays compatible wherever the native engine exists).

// lib/server/db → the project root.
export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const DEFAULT_MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
export const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");

export type MigrateTarget =
  | { kind: "pglite"; pglite: PGlite }
  | { kind: "postgres"; pool: pg.Pool }
  | { kind: "postgres"; url: string };

export type MigrateOptions = {
  /** Default: the database the environment selects, through the process's shared pool (embedded: its worker). */
  target?: MigrateTarget;
  migrationsDir?: string;
  /** Receives the schema engine's log lines (JSON). */
  log?: (line: string) => void;
};

export class MigrationError extends Error {
  constructor(
    message: string,
    public readonly migration?: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

// ---------- migrations folder ----------

export type MigrationFolder = { name: string; sql: string };

/** Migration folders in apply order (`<timestamp>_<name>/migration.sql`). */
export function listMigrations(migrationsDir = DEFAULT_MIGRATIONS_DIR): MigrationFolder[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(migrationsDir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") }));
}

function migrationList(migrationsDir: string): MigrationList {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: listMigrations(migrationsDir).map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
    })),
  };
}

const noFilters = { externalTables: [], externalEnums: [] };

// ---------- safe executeScript ----------

type DbErrorLike = {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  detail?: unknown;
  column?: unknown;
  hint?: unknown;
};

function toDriverError(e: unknown): unknown {
  const err = e as DbErrorLike | null;
  if (err && typeof err.code === "string" && typeof err.message === "string") {
    return new DriverAdapterError({
      kind: "postgres",
      code: err.code,
      severity: typeof err.severity === "string" ? err.severity : "ERROR",
      message: err.message,
      detail: typeof err.detail === "string" ? err.detail : undefined,
      column: typeof err.column === "string" ? err.column : undefined,
      hint: typeof err.hint === "string" ? err.hint : undefined,
      originalCode: err.code,
      originalMessage: err.message,
    });
  }
  return e;
}

/** Run a whole script as one simple query on one PGlite connection, in a transaction, awaited. */
export async function runScriptPglite(pglite: PGlite, script: string): Promise<void> {
  await withTransaction({ kind: "pglite", pglite }, (s) => s.exec(script)).catch((e: unknown) => {
    throw toDriverError(e);
  });
}

/** Run a whole script as one simple query on one pooled connection, in a transaction. */
export async function runScriptPg(pool: pg.Pool, script: string): Promise<void> {
  await withTransaction({ kind: "postgres", pool }, (s) => s.exec(script)).catch((e: unknown) => {
    throw toDriverError(e);
  });
}

function rethrow(hook: (e: unknown) => void) {
  return (e: unknown): never => {
    hook(e);
    throw e;
  };
}

function withScriptRunner(adapter: SqlDriverAdapter, run: (script: string) => Promise<void>): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeScript") return run;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** PGlite factory whose scripts run atomically; the shadow database is an in-memory PGlite closed on dispose. */
export function pgliteMigrationFactory(
  pglite: PGlite,
  onScriptError: (e: unknown) => void = () => {},
): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPGlite(pglite);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      return withScriptRunner(await inner.connect(), (s) => runScriptPglite(pglite, s).catch(rethrow(onScriptError)));
    },
    async connectToShadowDb() {
      const shadow = new PGlite({ dataDir: "memory://" });
      const adapter = await new PrismaPGlite(shadow).connect();
      const wrapped = withScriptRunner(adapter, (s) => runScriptPglite(shadow, s));
      return new Proxy(wrapped, {
        get(target, prop, receiver) {
          if (prop === "dispose") return async () => void (await shadow.close());
          return Reflect.get(target, prop, receiver) as unknown;
        },
      });
    },
  };
}

/** PostgreSQL factory whose scripts run atomically on one connection. */
export function pgMigrationFactory(
  pool: pg.Pool,
  onScriptError: (e: unknown) => void = () => {},
): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPg(pool);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      return withScriptRunner(await inner.connect(), (s) => runScriptPg(pool, s).catch(rethrow(onScriptError)));
    },
    async connectToShadowDb() {
      const adapter = await inner.connectToShadowDb();
      const shadowPool = adapter.underlyingDriver();
      return withScriptRunner(adapter, (s) => runScriptPg(shadowPool, s));
    },
  };
}

// ---------- engine ----------

function schemaText(): string {
  return readFileSync(SCHEMA_PATH, "utf8");
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: ((line: string) => void) | undefined,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const engine = await newSchemaEngine(SCHEMA_PATH, schemaText(), factory, log);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

type Query = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

type Resolved = {
  factory: SqlMigrationAwareDriverAdapterFactory;
  query: Query;
  /** The last error a migration script raised (the database's own message). */
  lastScriptError: () => unknown;
  cleanup: () => Promise<void>;
};

function resolveTarget(target: MigrateTarget | undefined): Resolved {
  // The app's own database, PostgreSQL or the embedded one's worker, through the shared pool.
  const t: MigrateTarget = target ?? { kind: "postgres", pool: pgPool() };
  let lastError: unknown;
  const record = (e: unknown) => {
    lastError = e;
  };
  if (t.kind === "pglite") {
    const pglite = t.pglite;
    return {
      factory: pgliteMigrationFactory(pglite, record),
      query: (sql) => pglite.query<Record<string, unknown>>(sql),
      lastScriptError: () => lastError,
      cleanup: async () => {},
    };
  }
  const owned = !("pool" in t);
  const pool = "pool" in t ? t.pool : new pg.Pool({ connectionString: t.url, max: 2, connectionTimeoutMillis: 5_000 });
  return {
    factory: pgMigrationFactory(pool, record),
    query: (sql) => pool.query(sql),
    lastScriptError: () => lastError,
    cleanup: async () => {
      if (owned) await pool.end();
    },
  };
}

type HistorySnapshot = { tableExisted: boolean; ids: Set<string> };

async function snapshotHistory(query: Query): Promise<HistorySnapshot> {
  const { rows } = await query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (rows[0]?.present !== true) return { tableExisted: false, ids: new Set() };
  const ids = await query(`SELECT id FROM "_prisma_migrations"`);
  return { tableExisted: true, ids: new Set(ids.rows.map((r) => String(r.id))) };
}

/**
 * Migration scripts run atomically (see runScript*), so a failed one changed
 * nothing but the engine's bookkeeping row. Remove that row (and the table, if
 * this run created it) so the database is exactly as before, and return the
 * failed migration's name.
 */
async function undoFailedBookkeeping(query: Query, before: HistorySnapshot): Promise<string | undefined> {
  const { rows } = await query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (rows[0]?.present !== true) return undefined;
  const failed = (
    await query(
      `SELECT id, migration_name FROM "_prisma_migrations" WHERE finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at`,
    )
  ).rows.filter((r) => !before.ids.has(String(r.id)));
  for (const r of failed) {
    await query(`DELETE FROM "_prisma_migrations" WHERE id = '${String(r.id).replace(/'/g, "''")}'`);
  }
  if (!before.tableExisted) {
    const left = await query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    if (left.rows[0]?.n === 0) await query(`DROP TABLE "_prisma_migrations"`);
  }
  const name = failed[0]?.migration_name;
  return typeof name === "string" ? name : undefined;
}

function engineMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === "object" && e !== null && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}

export type ApplyResult = { applied: string[] };

/** Apply every migration in prisma/migrations not yet recorded in `_prisma_migrations`. */
export async function applyMigrations(opts: MigrateOptions = {}): Promise<ApplyResult> {
  const migrationsDir = opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const resolved = resolveTarget(opts.target);
  try {
    const before = await snapshotHistory(resolved.query);
    return await withEngine(resolved.factory, opts.log, async (engine) => {
      try {
        const out = await engine.applyMigrations({ migrationsList: migrationList(migrationsDir), filters: noFilters });
        return { applied: out.appliedMigrationNames };
      } catch (e) {
        const failed = await undoFailedBookkeeping(resolved.query, before).catch(() => undefined);
        if (!failed) throw new MigrationError(`Migrating failed: ${engineMessage(e)}`);
        const dbError = resolved.lastScriptError();
        const dbMessage = dbError ? describeDbError(dbError) : firstLines(engineMessage(e));
        const file = path.join(migrationsDir, failed, "migration.sql");
        const rel = path.relative(process.cwd(), file);
        throw new MigrationError(
          `Migration ${failed} failed; its changes were rolled back (earlier migrations stay applied).\n` +
            `Database error: ${dbMessage}\n` +
            `Fix ${rel.startsWith("..") ? file : rel} and run the migration again.`,
          failed,
        );
      }
    });
  } finally {
    await resolved.cleanup();
  }
}

function firstLines(text: string): string {
  return text
    .split("\n")
    .filter((l) => !/^\s+(\d+:|at |with )/.test(l))
    .join(" ")
    .trim();
}

function describeDbError(e: unknown): string {
  const err = e as DbErrorLike & { position?: unknown; cause?: unknown };
  const base = err instanceof DriverAdapterError ? (err.cause as DbErrorLike) : err;
  const msg = typeof base?.message === "string" ? base.message : String(e);
  const code = typeof base?.code === "string" ? ` (SQLSTATE ${base.code})` : "";
  const detail = typeof base?.detail === "string" && base.detail ? ` ${base.detail}` : "";
  return `${msg}${code}${detail}`;
}

/**
 * SQL of the next migration: the difference between the migration history
 * (replayed on an in-memory PGlite shadow database) and prisma/schema.prisma.
 * Works offline; empty string when schema and migrations agree.
 */
export async function migrationSqlFor(
  name: string,
  opts: { migrationsDir?: string; now?: Date } = {},
): Promise<{ folderName: string; sql: string }> {
  const migrationsDir = opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const folderName = migrationFolderName(name, opts.now);
  const scratch = new PGlite({ dataDir: "memory://" });
  try {
    return await withEngine(pgliteMigrationFactory(scratch), undefined, async (engine) => {
      const result = await engine.diff({
        from: { tag: "migrations", ...migrationList(migrationsDir) },
        to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schemaText() }] },
        script: true,
        exitCode: null,
        filters: noFilters,
      });
      const sql = result.stdout ?? "";
      return { folderName, sql: isEmptyMigration(sql) ? "" : sql };
    });
  } finally {
    await scratch.close();
  }
}

/** True when a generated script contains no statement (only comments/whitespace). */
export function isEmptyMigration(sql: string): boolean {
  return (
    sql
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("--")).length === 0
  );
}

/** `20260101120000_add_things`: UTC timestamp + snake-cased name, like `prisma migrate dev`. */
export function migrationFolderName(name: string, now: Date = new Date()): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new Error(`Invalid migration name: ${JSON.stringify(name)}`);
  const pad = (n: number) => String(n).padStart(2, "0");
  const ts =
    `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}` +
    `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${ts}_${slug}`;
}
