// The counterexample classes and weights migration applied to a database at the previous schema
// that holds a debate: nothing is lost, existing debates get the default rule (ANY_LIVE), and the
// new tables accept rows while their range checks refuse bad ones.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, type MigrateTarget } from "@/lib/server/db/migrate";
import { databaseUrlWithName, randomDbName } from "@/tests/setup/test-db";

const MIGRATION = "20261206130218_counterexample_classes_weights";
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

type Fresh = { target: MigrateTarget; query: (sql: string) => Promise<Record<string, unknown>[]> };

async function pgliteFresh(): Promise<Fresh> {
  const pglite = new PGlite({ dataDir: path.join(tmpDir("bb-pglite-"), "pglite") });
  cleanups.push(() => pglite.close());
  return { target: { kind: "pglite", pglite }, query: async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows };
}

const template = inject("dbTemplate");
async function postgresFresh(): Promise<Fresh> {
  if (template.kind !== "postgres") throw new Error("no PostgreSQL");
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
}

const backends = [{ name: "PGlite", fresh: pgliteFresh }, ...(template.kind === "postgres" ? [{ name: "PostgreSQL", fresh: postgresFresh }] : [])];

describe.each(backends)("the classes and weights migration on $name", ({ fresh }) => {
  it("applies to a database at the previous schema with a debate in it, losing nothing", async () => {
    const { target, query } = await fresh();
    const before = tmpDir("bb-migrations-");
    cpSync(DEFAULT_MIGRATIONS_DIR, before, { recursive: true });
    rmSync(path.join(before, MIGRATION), { recursive: true });
    await applyMigrations({ target, migrationsDir: before });
    for (const sql of [
      `INSERT INTO "User" ("id", "username", "displayName", "updatedAt") VALUES ('own', 'own', 'Own', now()), ('brk', 'brk', 'Brk', now())`,
      `INSERT INTO "Debate" ("id", "title", "ownerId", "inviteCode", "updatedAt") VALUES ('deb', 'Old debate', 'own', 'c1', now())`,
      `INSERT INTO "Node" ("id", "debateId", "kind", "side", "authorId", "body", "updatedAt") VALUES ('p1', 'deb', 'PROPOSAL', 'BUILDER', 'own', 'Plan', now())`,
      `INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "body", "targetVersions", "updatedAt")
        VALUES ('c1', 'deb', 'p1', 1, 'COUNTEREXAMPLE', 'BREAKER', 'brk', 'It fails', '{1}', now())`,
      `INSERT INTO "Prediction" ("id", "nodeId", "userId", "side", "probability") VALUES ('pr1', 'c1', 'brk', 'BREAKER', 0.3)`,
    ]) {
      await query(sql);
    }
    expect((await applyMigrations({ target })).applied).toEqual([MIGRATION]);
    expect(await query(`SELECT "id", "title", "brokenRule"::text AS "rule", "brokenThreshold" FROM "Debate"`)).toEqual([
      { id: "deb", title: "Old debate", rule: "ANY_LIVE", brokenThreshold: 50 },
    ]);
    expect(await query(`SELECT "id", "body" FROM "Node" ORDER BY "id"`)).toEqual([{ id: "c1", body: "It fails" }, { id: "p1", body: "Plan" }]);
    expect(await query(`SELECT count(*)::int AS n FROM "Prediction"`)).toEqual([{ n: 1 }]);

    await query(`INSERT INTO "CounterexampleClass" ("id", "debateId", "name", "createdById", "updatedAt") VALUES ('k1', 'deb', 'Family', 'brk', now())`);
    await query(`INSERT INTO "ClassMembership" ("nodeId", "classId", "addedById") VALUES ('c1', 'k1', 'brk')`);
    await query(`INSERT INTO "PlausibilityEstimate" ("id", "nodeId", "userId", "side", "plausibility", "severity") VALUES ('e1', 'c1', 'brk', 'BREAKER', 40, 'BREAKS')`);
    // A counterexample is in one class at most; plausibility and the threshold stay in 0–100.
    await expect(query(`INSERT INTO "ClassMembership" ("nodeId", "classId", "addedById") VALUES ('c1', 'k1', 'own')`)).rejects.toThrow(/duplicate key/);
    await expect(query(`INSERT INTO "PlausibilityEstimate" ("id", "nodeId", "userId", "side", "plausibility", "severity") VALUES ('e2', 'c1', 'brk', 'BREAKER', 101, 'BREAKS')`)).rejects.toThrow(/plausibility_range/);
    await expect(query(`UPDATE "Debate" SET "brokenThreshold" = -1`)).rejects.toThrow(/brokenThreshold_range/);
    // Deleting the debate takes its classes, memberships and estimates with it.
    await query(`DELETE FROM "Debate" WHERE "id" = 'deb'`);
    expect(await query(`SELECT (SELECT count(*) FROM "CounterexampleClass")::int AS k, (SELECT count(*) FROM "ClassMembership")::int AS m, (SELECT count(*) FROM "PlausibilityEstimate")::int AS e`)).toEqual([{ k: 0, m: 0, e: 0 }]);
  }, 120_000);
});
