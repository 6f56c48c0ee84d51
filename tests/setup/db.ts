import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { lockDownTree } from "@/lib/server/db/private-dir";
import { assertLocalDatabaseUrl, databaseUrlWithName, randomDbName } from "./test-db";

// Each test file gets its own database, cloned from the migrated template, and
// the environment points at it before any app module reads env() or opens lib/db.

const template = inject("dbTemplate");
let cleanup: () => Promise<void>;

if (template.kind === "pglite") {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-test-"));
  cpSync(template.dir, path.join(dataDir, "pglite"), { recursive: true });
  // Private like a folder the app made itself (the shared template is not), so opening it does not warn.
  lockDownTree(path.join(dataDir, "pglite"));
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
} else {
  assertLocalDatabaseUrl(template.baseUrl);
  const name = randomDbName(`bb_test_${template.runId}`);
  await withAdmin(template.baseUrl, async (c) => {
    // Concurrent clones of one template can collide briefly; retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template.template}"`);
        break;
      } catch (e) {
        if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  process.env.DATABASE_URL = databaseUrlWithName(template.baseUrl, name);
  cleanup = async () => {
    await withAdmin(template.baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  };
}

afterAll(async () => {
  // Close the app's client (if the file used it) so the lock/connections go away.
  if ((globalThis as { __builderBreakerDb?: unknown }).__builderBreakerDb) {
    const { closeDb } = await import("@/lib/server/db/client");
    await closeDb();
  }
  await cleanup();
});

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
