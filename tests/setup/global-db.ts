import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, listMigrations } from "@/lib/server/db/migrate";
import { assertLocalDatabaseUrl, databaseUrlWithName, type DbTemplate } from "./test-db";

// Runs once per `vitest run` for the integration project: prepares a migrated
// template that every test file clones (tests/setup/db.ts).

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL?.trim();
  const template = url ? await postgresTemplate(url) : await pgliteTemplate();
  project.provide("dbTemplate", template.info);
  return template.teardown;
}

async function pgliteTemplate(): Promise<{ info: DbTemplate; teardown: () => Promise<void> }> {
  // Cached between runs, keyed by the migrations and the PGlite version.
  const pgliteVersion = (
    JSON.parse(readFileSync(path.join(import.meta.dirname, "../../node_modules/@electric-sql/pglite/package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const hash = createHash("sha256").update(pgliteVersion);
  for (const m of listMigrations(DEFAULT_MIGRATIONS_DIR)) hash.update(m.name).update(m.sql);
  const key = hash.digest("hex").slice(0, 16);
  const cacheRoot = path.join(os.tmpdir(), "builder-breaker-test-templates");
  const dir = path.join(cacheRoot, `pglite-${key}`);
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    mkdirSync(cacheRoot, { recursive: true });
    const building = path.join(cacheRoot, `building-${key}-${process.pid}-${randomBytes(3).toString("hex")}`);
    const pglite = new PGlite({ dataDir: building });
    try {
      await applyMigrations({ target: { kind: "pglite", pglite } });
    } finally {
      await pglite.close();
    }
    try {
      renameSync(building, dir); // atomic publish; a concurrent run may have won
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
    // Drop templates of other migration sets once unused for a day: several checkouts (branches
    // with different migrations) share this folder, and a run removing another's template
    // while that run still clones it failed with ENOENT.
    for (const name of readdirSync(cacheRoot)) {
      const other = path.join(cacheRoot, name);
      if (name.startsWith("pglite-") && name !== `pglite-${key}` && Date.now() - statSync(other).mtimeMs > TEMPLATE_MAX_IDLE_MS) {
        rmSync(other, { recursive: true, force: true });
      }
    }
  }
  const now = new Date();
  utimesSync(dir, now, now); // in use: not "unused for a day"
  return { info: { kind: "pglite", dir }, teardown: async () => {} };
}

const TEMPLATE_MAX_IDLE_MS = 24 * 60 * 60_000;

async function postgresTemplate(url: string): Promise<{ info: DbTemplate; teardown: () => Promise<void> }> {
  assertLocalDatabaseUrl(url);
  const runId = randomBytes(3).toString("hex");
  const template = `bb_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await applyMigrations({ target: { kind: "postgres", url: databaseUrlWithName(url, template) } });
  const teardown = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    await c.connect();
    try {
      // Also drop per-file databases a crashed worker left behind.
      const { rows } = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`bb_test_${runId}_%`, template],
      );
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await c.end();
    }
  };
  return { info: { kind: "postgres", baseUrl: url, template, runId }, teardown };
}

