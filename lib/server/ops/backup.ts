// Logical backup and restore of a whole instance, on PGlite or PostgreSQL.
//
// Not pg_dump: the embedded database has no pg tools, and users' machines often
// have none either. The file is JSON lines:
//
//   {"format":"builder-breaker-backup","version":1,"createdAt":…,"migrations":[…],"tables":[…]}
//   {"table":"User","row":{…}}            ← rows, tables in dependency order (parents first)
//   …
//   {"end":true,"counts":{"User":3,…}}    ← trailer: a file without it is incomplete
//
// Rows are `row_to_json()` of each table and go back in with
// `json_populate_recordset()`, so every type (timestamps, enums, arrays, jsonb,
// bigint, float8) round-trips exactly, on either database, in either direction.

import "server-only";
import { once } from "node:events";
import { createReadStream, createWriteStream, fchmodSync, renameSync, rmSync } from "node:fs";
import readline from "node:readline";
import pg from "pg";
import { pgPool } from "@/lib/server/db/client";
import { withTransaction, type TxSession } from "@/lib/server/db/transaction";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, type MigrateTarget } from "@/lib/server/db/migrate";
import { EVENT_CHANNEL } from "@/lib/server/queries/events";
import { RESTORE_MARK_KEY, restoreNotification } from "@/lib/server/live/restore-mark";

export const BACKUP_FORMAT = "builder-breaker-backup";
export const BACKUP_VERSION = 1;

export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** Applied migrations of the source database, in order. */
  migrations: string[];
  /** Tables in restore order. */
  tables: string[];
};

export type BackupTrailer = { end: true; counts: Record<string, number> };

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

// ---------- one transaction on either database ----------

type Session = Pick<TxSession, "query">;

async function inTransaction<T>(target: MigrateTarget, readOnly: boolean, fn: (s: Session) => Promise<T>): Promise<T> {
  // Reads see one consistent snapshot; writes lock the tables themselves (see restoreFromFile).
  const setup = readOnly ? "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "SET TRANSACTION READ WRITE";
  if (target.kind === "pglite" || "pool" in target) return withTransaction(target, fn, { setup });
  const pool = new pg.Pool({ connectionString: target.url, max: 1, connectionTimeoutMillis: 5_000 });
  try {
    return await withTransaction({ kind: "postgres", pool }, fn, { setup });
  } finally {
    await pool.end();
  }
}

/** The database the environment selects, through the process's shared pool (embedded: its worker, which holds the dir lock). */
export function defaultTarget(): MigrateTarget {
  return { kind: "postgres", pool: pgPool() };
}

// ---------- schema introspection ----------

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Application tables (everything in the current schema but Prisma's bookkeeping), parents before children. */
async function tablesInOrder(s: Session): Promise<string[]> {
  const tables = (
    await s.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
       ORDER BY c.relname`,
    )
  ).map((r) => r.name);
  const edges = await s.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (e.child !== e.parent) parents.get(e.child)?.add(e.parent);
  // Kahn's algorithm, alphabetical among ready tables so the order is stable.
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.find((t) => !done.has(t) && [...(parents.get(t) ?? [])].every((p) => done.has(p) || !parents.has(p)));
    if (!ready) {
      const left = tables.filter((t) => !done.has(t));
      throw new BackupError(`The foreign keys between ${left.join(", ")} form a cycle; cannot order them.`);
    }
    order.push(ready);
    done.add(ready);
  }
  return order;
}

async function primaryKeyColumns(s: Session, table: string): Promise<string[]> {
  const rows = await s.query<{ col: string }>(
    `SELECT a.attname AS col FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary
     ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [ident(table)],
  );
  return rows.map((r) => r.col);
}

async function appliedMigrations(s: Session): Promise<string[] | undefined> {
  const present = await s.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (present[0]?.present !== true) return undefined;
  const rows = await s.query<{ name: string }>(
    `SELECT migration_name AS name FROM "_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.name);
}

// ---------- backup ----------

export type BackupResult = { file: string; counts: Record<string, number>; bytes: number; ms: number };

const PAGE_ROWS = 1_000;

/**
 * Write a backup of every application table to `file` (mode 0600: it holds
 * password and token hashes and the auth secret). Reads one consistent snapshot;
 * writes `<file>.partial` and renames it at the end, so `file` is never half-written.
 */
export async function backupToFile(file: string, target: MigrateTarget = defaultTarget()): Promise<BackupResult> {
  const started = Date.now();
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { mode: 0o600 });
  let bytes = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line) + 1;
    if (!out.write(`${line}\n`)) await once(out, "drain");
  };
  try {
    const [fd] = (await once(out, "open")) as [number];
    // `mode` applies only to a file the open creates: a `.partial` left by an earlier
    // run (made readable by anyone, say) keeps its mode, and would become the backup.
    fchmodSync(fd, 0o600);
    const counts = await inTransaction(target, true, async (s) => {
      const migrations = await appliedMigrations(s);
      if (!migrations) throw new BackupError("This database has no migrations applied; there is nothing to back up.");
      const tables = await tablesInOrder(s);
      const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), migrations, tables };
      await write(JSON.stringify(header));
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const pk = await primaryKeyColumns(s, table);
        const orderBy = pk.length ? `ORDER BY ${pk.map(ident).join(", ")}` : "";
        const cursor = `bb_backup_${tables.indexOf(table)}`;
        await s.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${ident(table)} t ${orderBy}`);
        const prefix = `{"table":${JSON.stringify(table)},"row":`;
        let n = 0;
        for (;;) {
          const rows = await s.query<{ j: string }>(`FETCH ${PAGE_ROWS} FROM ${cursor}`);
          for (const r of rows) await write(`${prefix}${r.j}}`);
          n += rows.length;
          if (rows.length < PAGE_ROWS) break;
        }
        await s.query(`CLOSE ${cursor}`);
        counts[table] = n;
      }
      return counts;
    });
    const trailer: BackupTrailer = { end: true, counts };
    await write(JSON.stringify(trailer));
    out.end();
    await once(out, "finish");
    renameSync(partial, file);
    return { file, counts, bytes, ms: Date.now() - started };
  } catch (e) {
    out.destroy();
    rmSync(partial, { force: true });
    throw e;
  }
}

// ---------- restore ----------

export type RestoreOptions = {
  /** Replace the rows of a database that already has data. */
  force?: boolean;
  target?: MigrateTarget;
  /** Migrations folder used to migrate an empty target first (default: the app's). */
  migrationsDir?: string;
};

export type RestoreResult = { counts: Record<string, number>; migratedFirst: string[]; ms: number };

const BATCH_ROWS = 500;
const BATCH_BYTES = 2 * 1024 * 1024;

async function* readLines(file: string): AsyncGenerator<{ line: string; n: number }> {
  const rl = readline.createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of rl) {
      n++;
      if (line.trim() !== "") yield { line, n };
    }
  } finally {
    rl.close();
  }
}

function parseJson(line: string, n: number, file: string): unknown {
  try {
    return JSON.parse(line);
  } catch (e) {
    throw new BackupError(`${file} line ${n} is not valid JSON (${(e as Error).message}); the file is damaged.`);
  }
}

/** Reads only the header line of a backup file and checks it. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const { line, n } of readLines(file)) return checkHeader(parseJson(line, n, file), file);
  throw new BackupError(`${file} is empty; it is not a Builder/Breaker backup.`);
}

function checkHeader(value: unknown, file: string): BackupHeader {
  const h = value as Partial<BackupHeader> | null;
  if (!h || h.format !== BACKUP_FORMAT || !Array.isArray(h.migrations) || !Array.isArray(h.tables)) {
    throw new BackupError(`${file} is not a Builder/Breaker backup (its first line has no "format":"${BACKUP_FORMAT}" header).`);
  }
  if (h.version !== BACKUP_VERSION) {
    throw new BackupError(`${file} is backup format version ${String(h.version)}; this version of the app reads version ${BACKUP_VERSION}.`);
  }
  return h as BackupHeader;
}

/**
 * Restore a backup into the target database in ONE transaction: either every
 * row is restored or nothing changes. An unmigrated (empty) database is migrated
 * first. Refuses a database that holds rows unless `force` (which replaces them),
 * and a database whose migrations differ from the backup's.
 */
export async function restoreFromFile(file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const started = Date.now();
  const target = options.target ?? defaultTarget();
  const header = await readBackupHeader(file);

  let migratedFirst: string[] = [];
  const existing = await inTransaction(target, true, (s) => appliedMigrations(s));
  if (!existing) {
    ({ applied: migratedFirst } = await applyMigrations({ target, migrationsDir: options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR }));
  }

  const counts = await inTransaction(target, false, async (s) => {
    const migrations = (await appliedMigrations(s)) ?? [];
    if (migrations.join("\n") !== header.migrations.join("\n")) {
      const missing = header.migrations.filter((m) => !migrations.includes(m));
      const extra = migrations.filter((m) => !header.migrations.includes(m));
      throw new BackupError(
        `The backup and this database are at different migrations` +
          (missing.length ? `; the database lacks ${missing.join(", ")}` : "") +
          (extra.length ? `; the backup predates ${extra.join(", ")}` : "") +
          `. Restore with the app version that made the backup (then upgrade), or migrate first.`,
      );
    }
    const tables = await tablesInOrder(s);
    const unknown = header.tables.filter((t) => !tables.includes(t));
    if (unknown.length) throw new BackupError(`The backup has tables this database lacks: ${unknown.join(", ")}.`);

    // No process writes while we check and fill (readers still read).
    await s.query(`LOCK TABLE ${tables.map(ident).join(", ")} IN EXCLUSIVE MODE`);
    // Where each sequence stands before the restore: it must not go back (see below).
    const serials = await serialColumns(s);
    const issued = new Map<string, string>();
    for (const { seq } of serials) {
      const [row] = await s.query<{ last: string }>(`SELECT last_value::text AS last FROM ${seq}`);
      issued.set(seq, row?.last ?? "0");
    }
    const nonEmpty: string[] = [];
    for (const t of tables) {
      const [row] = await s.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${ident(t)}) AS any`);
      if (row?.any) nonEmpty.push(t);
    }
    if (nonEmpty.length) {
      if (!options.force) {
        throw new BackupError(
          `The target database already has data (in ${nonEmpty.join(", ")}). ` +
            `Restore into an empty database, or pass --force to replace everything in it.`,
        );
      }
      await s.query(`TRUNCATE ${tables.map(ident).join(", ")} CASCADE`);
    }

    // Rows go into a constraint-free staging copy of each table first, then into
    // the table in ONE statement: foreign keys (also a table's references to
    // itself, like Node.parentId) are checked at the end of that statement, so
    // row order inside a table does not matter.
    const stageName = (t: string) => ident(`_bb_restore_${t}`);
    for (const t of header.tables) {
      await s.query(`CREATE TEMP TABLE ${stageName(t)} (LIKE ${ident(t)}) ON COMMIT DROP`);
    }
    const counts: Record<string, number> = {};
    let batch: string[] = [];
    let batchBytes = 0;
    let batchTable: string | undefined;
    const flush = async () => {
      if (!batchTable || batch.length === 0) return;
      await s.query(
        `INSERT INTO ${stageName(batchTable)} SELECT * FROM json_populate_recordset(NULL::${stageName(batchTable)}, $1::json)`,
        [`[${batch.join(",")}]`],
      );
      counts[batchTable] = (counts[batchTable] ?? 0) + batch.length;
      batch = [];
      batchBytes = 0;
    };

    let trailer: BackupTrailer | undefined;
    let first = true;
    for await (const { line, n } of readLines(file)) {
      if (first) {
        first = false;
        continue; // the header, checked above
      }
      if (trailer) throw new BackupError(`${file} has content after its end marker (line ${n}); the file is damaged.`);
      const value = parseJson(line, n, file) as { table?: unknown; row?: unknown; end?: unknown; counts?: unknown };
      if (value.end === true) {
        trailer = value as BackupTrailer;
        continue;
      }
      const table = value.table;
      if (typeof table !== "string" || !header.tables.includes(table) || typeof value.row !== "object" || value.row === null) {
        throw new BackupError(`${file} line ${n} is not a row of a table named in the header; the file is damaged.`);
      }
      // Keep the row's own JSON text (a JSON.parse round trip would round bigints above 2^53).
      const prefix = `{"table":${JSON.stringify(table)},"row":`;
      if (!line.startsWith(prefix) || !line.endsWith("}")) {
        throw new BackupError(`${file} line ${n} is not in the expected form {"table":…,"row":{…}}.`);
      }
      const rowText = line.slice(prefix.length, -1);
      if (table !== batchTable || batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) {
        await flush();
        batchTable = table;
      }
      batch.push(rowText);
      batchBytes += rowText.length;
    }
    await flush();
    if (!trailer) throw new BackupError(`${file} has no end marker: the backup is incomplete (interrupted or truncated). Nothing was restored.`);
    for (const t of header.tables) {
      const expected = trailer.counts[t] ?? 0;
      if ((counts[t] ?? 0) !== expected) {
        throw new BackupError(`${file} lists ${expected} rows for ${t} but holds ${counts[t] ?? 0}; the file is damaged. Nothing was restored.`);
      }
    }

    for (const t of header.tables) {
      await s.query(`INSERT INTO ${ident(t)} SELECT * FROM ${stageName(t)}`);
    }
    // Every sequence continues past the restored rows AND past every value it issued
    // before the restore: a seq is never used twice, so live hubs and clients that saw
    // the old history (PostgreSQL servers keep running) cannot take a new event for one
    // they already have. DebateEvent.seq keeps one value in between, the restore mark
    // (lib/server/live/restore-mark.ts), stored and announced so that open streams resync.
    for (const { tbl, col, seq } of serials) {
      const [row] = await s.query<{ top: string }>(
        `SELECT GREATEST((SELECT max(${ident(col)}) FROM ${ident(tbl)}), $1::bigint)::text AS top`,
        [issued.get(seq) ?? "0"],
      );
      const top = BigInt(row?.top ?? "0");
      const isEventSeq = tbl === "DebateEvent" && col === "seq";
      const mark = top + 1n;
      await s.query(`SELECT setval($1::regclass, $2::bigint, false)`, [seq, String(isEventSeq ? mark + 1n : mark)]);
      if (isEventSeq) {
        await s.query(
          `INSERT INTO "InstanceSetting" ("key", "value") VALUES ($1, $2) ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value"`,
          [RESTORE_MARK_KEY, String(mark)],
        );
        await s.query(`SELECT pg_notify($1, $2)`, [EVENT_CHANNEL, restoreNotification(mark)]); // delivered on commit
      }
    }
    return counts;
  });
  return { counts, migratedFirst, ms: Date.now() - started };
}

/** Columns that draw from a sequence (serial / identity), with the sequence's name as SQL. */
async function serialColumns(s: Session): Promise<{ tbl: string; col: string; seq: string }[]> {
  return s.query<{ tbl: string; col: string; seq: string }>(
    `SELECT c.table_name AS tbl, c.column_name AS col, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
     FROM information_schema.columns c
     WHERE c.table_schema = current_schema() AND c.table_name <> '_prisma_migrations'
       AND pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) IS NOT NULL
     ORDER BY 1, 2`,
  );
}

/** Rows of every application table as sorted JSON texts: for comparing two databases in tests and checks. */
export async function snapshotTables(target: MigrateTarget): Promise<Record<string, string[]>> {
  return inTransaction(target, true, async (s) => {
    const out: Record<string, string[]> = {};
    for (const t of await tablesInOrder(s)) {
      const rows = await s.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${ident(t)} t`);
      out[t] = rows.map((r) => r.j).sort();
    }
    return out;
  });
}
