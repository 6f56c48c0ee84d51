import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  listMigrations,
  MigrationError,
  migrationSqlFor,
} from "@/lib/server/db/migrate";
import { migrationScratch, type Query } from "@/tests/support/migration-backends";

const migrations = listMigrations();
const TITLE_MIGRATION = "20261206064934_notification_debate_title";
const allNames = migrations.map((m) => m.name);
const { backends, tmpDir, migrationsWith, migrationsBefore } = migrationScratch();

const tableExists = async (query: Query, table: string) =>
  (await query(`SELECT to_regclass('"${table}"') IS NOT NULL AS present`))[0]?.present === true;

describe.each(backends)("migrations on $name", (backend) => {
  it("apply on an empty database, recorded like prisma migrate deploy, and a second run applies nothing", async () => {
    const { target, query } = await backend.fresh();
    const first = await applyMigrations({ target });
    expect(first.applied).toEqual(allNames);
    expect(await tableExists(query, "User")).toBe(true);
    expect(await tableExists(query, "DebateEvent")).toBe(true);

    const rows = await query(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(migrations.length);
    migrations.forEach((m, i) => {
      const row = rows[i]!;
      expect(row.migration_name).toBe(m.name);
      expect(row.checksum).toBe(createHash("sha256").update(m.sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
    });

    const second = await applyMigrations({ target });
    expect(second.applied).toEqual([]);
  });

  it("a failing migration leaves the database as it was and names the migration and the database error", async () => {
    const { target, query } = await backend.fresh();
    await applyMigrations({ target });
    const before = await query(`SELECT id, migration_name FROM "_prisma_migrations" ORDER BY id`);

    const broken = "29990101000000_broken";
    const dir = migrationsWith([
      [
        broken,
        `CREATE TABLE "ShouldVanish" (id int PRIMARY KEY);\n` +
          `INSERT INTO "ShouldVanish" VALUES (1);\n` +
          `ALTER TABLE "User" ADD COLUMN "shouldVanish" text;\n` +
          `SELECT * FROM "no_such_table";\n`,
      ],
    ]);
    const err = await applyMigrations({ target, migrationsDir: dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MigrationError);
    const message = (err as MigrationError).message;
    expect((err as MigrationError).migration).toBe(broken);
    expect(message).toContain(broken);
    expect(message).toContain('relation "no_such_table" does not exist');

    expect(await tableExists(query, "ShouldVanish")).toBe(false);
    const cols = await query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'shouldVanish'`,
    );
    expect(cols).toEqual([]);
    expect(await query(`SELECT id, migration_name FROM "_prisma_migrations" ORDER BY id`)).toEqual(before);

    // Fixed, it applies normally (no "failed migration" left blocking it).
    writeFileSync(path.join(dir, broken, "migration.sql"), `CREATE TABLE "Fixed" (id int PRIMARY KEY);\n`);
    expect((await applyMigrations({ target, migrationsDir: dir })).applied).toEqual([broken]);
    expect(await tableExists(query, "Fixed")).toBe(true);
  });

  it("a failing first migration on an empty database leaves it empty", async () => {
    const { target, query } = await backend.fresh();
    const dir = tmpDir("bb-migrations-");
    cpSync(path.join(DEFAULT_MIGRATIONS_DIR, "migration_lock.toml"), path.join(dir, "migration_lock.toml"));
    mkdirSync(path.join(dir, "20000101000000_bad"));
    writeFileSync(path.join(dir, "20000101000000_bad", "migration.sql"), `CREATE TABLE "A" (id int);\nSELEC 1;\n`);
    await expect(applyMigrations({ target, migrationsDir: dir })).rejects.toThrow(/20000101000000_bad[\s\S]*syntax error/);
    expect(await tableExists(query, "A")).toBe(false);
    expect(await tableExists(query, "_prisma_migrations")).toBe(false);
  });

  it("notification_debate_title gives existing notifications the title only where their recipient may still read the debate", async () => {
    const { target, query } = await backend.fresh();
    await applyMigrations({ target, migrationsDir: migrationsBefore(TITLE_MIGRATION) });
    for (const sql of [
      `INSERT INTO "User" ("id", "username", "displayName", "updatedAt") VALUES ('own', 'own', 'Own', now()), ('mem', 'mem', 'Mem', now()), ('gone', 'gone', 'Gone', now())`,
      `INSERT INTO "Debate" ("id", "title", "visibility", "ownerId", "inviteCode", "updatedAt") VALUES
        ('priv', 'Private now', 'PRIVATE', 'own', 'c1', now()), ('pub', 'Public now', 'PUBLIC', 'own', 'c2', now())`,
      `INSERT INTO "Membership" ("id", "debateId", "userId") VALUES ('m1', 'priv', 'mem')`,
      `INSERT INTO "Notification" ("id", "userId", "debateId", "eventSeq", "type", "message") VALUES
        ('n1', 'own', 'priv', 1, 'reply', 'x'), ('n2', 'mem', 'priv', 1, 'reply', 'x'), ('n3', 'gone', 'priv', 1, 'reply', 'x'), ('n4', 'gone', 'pub', 2, 'reply', 'x')`,
    ]) {
      await query(sql);
    }
    expect((await applyMigrations({ target })).applied).toContain(TITLE_MIGRATION);
    const rows = await query(`SELECT "id", "debateTitle" FROM "Notification" ORDER BY "id"`);
    expect(rows).toEqual([
      { id: "n1", debateTitle: "Private now" },
      { id: "n2", debateTitle: "Private now" },
      { id: "n3", debateTitle: "" }, // removed from the private debate: not its current title
      { id: "n4", debateTitle: "Public now" },
    ]);
  }, 120_000);

  it("runs a whole script as one query: semicolons inside $$ bodies are intact", async () => {
    const { target, query } = await backend.fresh();
    const dir = migrationsWith([
      [
        "29990101000000_function",
        `CREATE FUNCTION bb_add(a int, b int) RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN a + b;\nEND;\n$$;\n`,
      ],
    ]);
    expect((await applyMigrations({ target, migrationsDir: dir })).applied).toContain("29990101000000_function");
    expect((await query(`SELECT bb_add(2, 3) AS n`))[0]?.n).toBe(5);
  });
});

describe("schema and migration history", () => {
  it("agree: prisma/schema.prisma needs no new migration (run npm run db:migration:new -- <name> if this fails)", async () => {
    const { folderName, sql } = await migrationSqlFor("check");
    expect(folderName).toMatch(/^\d{14}_check$/);
    expect(sql).toBe("");
  });
});

describe("this test file's database", () => {
  it("is a migrated clone the app client can use, with password hashes omitted by default", async () => {
    const created = await db().user.create({
      data: { username: "ada", displayName: "Ada", passwordHash: "hash-value" },
    });
    expect("passwordHash" in created).toBe(false);
    const withHash = await db().user.findUniqueOrThrow({ where: { id: created.id }, omit: { passwordHash: false } });
    expect(withHash.passwordHash).toBe("hash-value");
    const inTx = await db().$transaction(async (tx) => tx.user.count());
    expect(inTx).toBe(1);
    expect(readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
  });
});
