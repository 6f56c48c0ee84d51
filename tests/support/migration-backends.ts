// Fresh, empty databases for the migration tests (PGlite always, PostgreSQL when the run has a
// server), and migration folders cut at a given migration, so a test can build a database at an
// older schema, fill it, and apply what came after. Call `migrationScratch()` at a test file's
// top level: it registers the clean-up of everything it hands out.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, type MigrateTarget } from "@/lib/server/db/migrate";
import { databaseUrlWithName, randomDbName } from "@/tests/setup/test-db";

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;
export type FreshDatabase = { target: MigrateTarget; query: Query };
export type MigrationBackend = { name: string; fresh(): Promise<FreshDatabase> };

const MIGRATION_NAME = /^\d{14}_/;

export function migrationScratch() {
  const tmpDirs: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
  });

  function tmpDir(prefix: string): string {
    const d = mkdtempSync(path.join(os.tmpdir(), prefix));
    tmpDirs.push(d);
    return d;
  }

  /** A copy of the migrations folder, kept to the migrations `keep` accepts, plus `extra` [name, sql] ones. */
  function migrationsFolder(keep: (name: string) => boolean = () => true, extra: [string, string][] = []): string {
    const dir = tmpDir("bb-migrations-");
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    for (const name of readdirSync(dir)) if (MIGRATION_NAME.test(name) && !keep(name)) rmSync(path.join(dir, name), { recursive: true });
    for (const [name, sql] of extra) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, "migration.sql"), sql);
    }
    return dir;
  }

  const pgliteBackend: MigrationBackend = {
    name: "PGlite",
    async fresh() {
      const pglite = new PGlite({ dataDir: path.join(tmpDir("bb-pglite-"), "pglite") });
      cleanups.push(() => pglite.close());
      return { target: { kind: "pglite", pglite }, query: async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows };
    },
  };

  const template = inject("dbTemplate");
  const backends: MigrationBackend[] = [pgliteBackend];
  if (template.kind === "postgres") {
    backends.push({
      name: "PostgreSQL",
      async fresh() {
        const name = randomDbName(`bb_test_${template.runId}`);
        const admin = new pg.Client({ connectionString: template.baseUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE "${name}"`);
        await admin.end();
        const pool = new pg.Pool({ connectionString: databaseUrlWithName(template.baseUrl, name), max: 2 });
        cleanups.push(async () => {
          await pool.end();
          const c = new pg.Client({ connectionString: template.baseUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await c.end();
        });
        return { target: { kind: "postgres", pool }, query: async (sql) => (await pool.query(sql)).rows };
      },
    });
  }

  return {
    backends,
    tmpDir,
    /** The real migrations plus extra ones. */
    migrationsWith: (extra: [string, string][]) => migrationsFolder(undefined, extra),
    /** The migrations folder as it was when `last` was the newest migration. */
    migrationsUpTo: (last: string) => migrationsFolder((name) => name <= last),
    /** The migrations folder as it was just before `first` was written. */
    migrationsBefore: (first: string) => migrationsFolder((name) => name < first),
  };
}
