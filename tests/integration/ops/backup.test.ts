import { spawn } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createHash } from "node:crypto";
import { db, dbMode, pgPool } from "@/lib/server/db/client";
import type { MigrateTarget } from "@/lib/server/db/migrate";
import { pruneBranch, reopenBranch } from "@/lib/server/debate/branches";
import { createNode } from "@/lib/server/debate/nodes";
import { backupToFile, readBackupHeader, restoreFromFile, snapshotTables as snapshotAll } from "@/lib/server/ops/backup";
import { RESTORE_MARK_KEY } from "@/lib/server/live/restore-mark";
import { createDebate, createUser } from "@/tests/factories";
import { collect } from "@/lib/formats";
import { exportDebateFor } from "@/lib/server/transfer/export";
import { assertLocalDatabaseUrl, databaseUrlWithName, randomDbName } from "@/tests/setup/test-db";

// Whole-instance logical backup: seed every kind of row, back up, restore into a
// fresh database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), compare
// every table row for row.

const root = path.resolve(import.meta.dirname, "../../..");
const work = mkdtempSync(path.join(os.tmpdir(), "bb-backup-"));
const source = (): MigrateTarget => ({ kind: "postgres", pool: pgPool() }); // embedded too: its worker, through the same pool
const opened: PGlite[] = [];

afterAll(async () => {
  for (const p of opened) await p.close().catch(() => {});
  rmSync(work, { recursive: true, force: true });
});

/** A new empty PGlite: unmigrated in memory, or (faster) a copy of the migrated test template when there is one. */
async function freshPglite(migrated = true): Promise<MigrateTarget> {
  const template = inject("dbTemplate");
  let dataDir = "memory://";
  if (migrated && template.kind === "pglite") {
    dataDir = mkdtempSync(path.join(work, "target-"));
    cpSync(template.dir, dataDir, { recursive: true });
  }
  const pglite = new PGlite({ dataDir });
  opened.push(pglite);
  return { kind: "pglite", pglite };
}

/** Every table's rows, less the restore mark (lib/server/live/restore-mark.ts) that each restore writes. */
async function snapshotTables(target: MigrateTarget) {
  const tables = await snapshotAll(target);
  tables.InstanceSetting = tables.InstanceSetting!.filter((row) => !row.includes(`"key":"${RESTORE_MARK_KEY}"`));
  return tables;
}

let file: string;

beforeAll(async () => {
  const d = await createDebate(db(), {
    title: "Backup: ünïcödé, \"quotes\", newlines\nand tabs\t",
    members: { breaker: { side: "BREAKER" }, observer: { side: "OBSERVER" } },
  });
  const ce = await createNode(d.members.breaker, d.id, { parentId: d.rootNodeId, kind: "COUNTEREXAMPLE", title: "CE", body: "It fails when 🦄 arrive" });
  const patch = await createNode(d.owner, d.id, {
    parentId: ce.id,
    kind: "PATCH",
    title: "",
    body: "Patched",
    answersNodeIds: [ce.id],
    proposal: "Version two of the plan",
  });
  const ce2 = await createNode(d.members.breaker, d.id, { parentId: d.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Another one" });
  await pruneBranch(d.owner, d.id, ce2.id, { category: "UNPROMISING", reason: "not now", promise: 20 });
  await reopenBranch(d.owner, d.id, ce2.id, { reason: "worth another look", promise: 60 });
  await pruneBranch(d.owner, d.id, ce2.id, { category: "OUT_OF_SCOPE", reason: "out of scope after all" });
  // A child whose id sorts before its parent's: the self-reference of Node must not depend on row order.
  const parent = await db().node.create({
    data: { id: "zzzz_parent", debateId: d.id, parentId: patch.id, depth: 3, kind: "QUESTION", side: "OBSERVER", authorId: d.members.observer.id, body: "Why?" },
  });
  await db().node.create({
    data: { id: "aaaa_child", debateId: d.id, parentId: parent.id, depth: 4, kind: "COMMENT", side: "OBSERVER", authorId: d.members.observer.id, body: "Because" },
  });
  await db().experimentCard.create({
    data: { nodeId: ce.id, question: "Does it?", method: "Try it", supportIf: "yes", refuteIf: "no", links: [{ label: "x", url: "https://example.org" }] },
  });
  await db().prediction.createMany({
    data: [
      { nodeId: ce.id, userId: d.members.breaker.id, side: "BREAKER", probability: 0.1 + 0.2 },
      { nodeId: ce.id, userId: d.owner.id, side: "BUILDER", probability: 1 / 3 },
    ],
  });
  await db().resolutionEvent.create({ data: { nodeId: ce.id, actorId: d.owner.id, action: "RESOLVE", outcome: "SUPPORTED", summary: "done", evidence: ["a", 1, null] } });
  await db().cruxMark.create({ data: { nodeId: ce.id, userId: d.owner.id, side: "BUILDER" } });
  const withPassword = await createUser(db(), { password: "correct horse battery staple" });
  await db().apiToken.create({ data: { userId: withPassword.id, name: "ci", tokenHash: createHash("sha256").update("bb_x").digest("hex"), prefix: "bb_x" } });
  await db().instanceSetting.create({ data: { key: "auth_secret", value: "s".repeat(64) } });
  await db().rateLimitBucket.create({ data: { key: "moves-user:x", count: 3, resetAt: new Date() } });
  // A large sequence value: bigints must survive the JSON round trip exactly.
  await db().debateEvent.create({ data: { seq: 9007199254740993n, debateId: d.id, type: "test.big", payload: { deep: { list: [1, "two"] } } } });

  file = path.join(work, "backup.jsonl");
  await backupToFile(file, source());
});

describe("backup and restore", () => {
  it("writes a header, rows in dependency order and a trailer with counts", async () => {
    const header = await readBackupHeader(file);
    expect(header.format).toBe("builder-breaker-backup");
    expect(header.migrations.length).toBeGreaterThan(0);
    expect(header.tables.indexOf("User")).toBeLessThan(header.tables.indexOf("Debate"));
    expect(header.tables.indexOf("Debate")).toBeLessThan(header.tables.indexOf("Node"));
    expect(header.tables.indexOf("Node")).toBeLessThan(header.tables.indexOf("Prediction"));
    expect(header.tables).not.toContain("_prisma_migrations");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const trailer = JSON.parse(lines.at(-1)!) as { end: boolean; counts: Record<string, number> };
    expect(trailer.end).toBe(true);
    expect(trailer.counts.Node).toBe(await db().node.count());
    expect(lines.some((l) => l.includes('"seq":9007199254740993'))).toBe(true);
  });

  it("the file is 0600 under umask 022 and 000, also over a stale .partial readable by anyone (issue #18, finding 4)", async () => {
    for (const umask of [0o022, 0o000]) {
      const previous = process.umask(umask);
      try {
        const out = path.join(work, `mode-${umask.toString(8)}.jsonl`);
        await backupToFile(out, source());
        expect((statSync(out).mode & 0o777).toString(8)).toBe("600");
        // An interrupted earlier run's leftover, opened up: the new backup must not inherit its mode.
        writeFileSync(`${out}.partial`, "left over");
        chmodSync(`${out}.partial`, 0o666);
        await backupToFile(out, source());
        expect((statSync(out).mode & 0o777).toString(8)).toBe("600");
      } finally {
        process.umask(previous);
      }
    }
  });

  it("restores into a fresh (unmigrated) PGlite with every table identical, and sequences continue", async () => {
    const target = await freshPglite(false);
    const result = await restoreFromFile(file, { target });
    expect(result.migratedFirst.length).toBeGreaterThan(0);
    expect(await snapshotTables(target)).toEqual(await snapshotTables(source()));
    if (target.kind !== "pglite") throw new Error("unreachable");
    const { rows } = await target.pglite.query<{ seq: string }>(
      `INSERT INTO "DebateEvent" ("debateId", "type") SELECT "id", 'after' FROM "Debate" LIMIT 1 RETURNING "seq"::text AS seq`,
    );
    expect(rows[0]!.seq).toBe("9007199254740995"); // 9007199254740994 is the restore mark
  });

  it("never issues a seq twice: restoring an older backup moves the event sequence past every seq issued before (issue #18, finding 8)", async () => {
    const target = await freshPglite();
    if (target.kind !== "pglite") throw new Error("unreachable");
    await restoreFromFile(file, { target });
    const add = async (n: number): Promise<bigint[]> => {
      const { rows } = await target.pglite.query<{ seq: string }>(
        `INSERT INTO "DebateEvent" ("debateId", "type") SELECT d."id", 'later' FROM "Debate" d, generate_series(1, $1) LIMIT $1 RETURNING "seq"::text AS seq`,
        [n],
      );
      return rows.map((r) => BigInt(r.seq)).sort((a, b) => (a < b ? -1 : 1));
    };
    const before = await add(40); // written after the backup; a watcher has seen them
    await restoreFromFile(file, { target, force: true });
    const { rows } = await target.pglite.query<{ value: string }>(`SELECT "value" FROM "InstanceSetting" WHERE "key" = $1`, [RESTORE_MARK_KEY]);
    const mark = BigInt(rows[0]!.value);
    expect(mark).toBe(before.at(-1)! + 1n);
    const after = await add(45);
    expect(after[0]).toBe(mark + 1n);
    expect(after.filter((seq) => before.includes(seq))).toEqual([]);
  });

  it("refuses a database that has data, and --force replaces it", async () => {
    const target = await freshPglite();
    await restoreFromFile(file, { target });
    await expect(restoreFromFile(file, { target })).rejects.toThrow(/already has data .*--force/);
    if (target.kind !== "pglite") throw new Error("unreachable");
    await target.pglite.query(`UPDATE "Node" SET "body" = 'changed'`);
    await restoreFromFile(file, { target, force: true });
    expect(await snapshotTables(target)).toEqual(await snapshotTables(source()));
  });

  it("restores nothing from an incomplete or damaged file (one transaction)", async () => {
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const truncated = path.join(work, "truncated.jsonl");
    writeFileSync(truncated, lines.slice(0, -1).join("\n") + "\n"); // no trailer
    const target = await freshPglite();
    await expect(restoreFromFile(truncated, { target })).rejects.toThrow(/incomplete.*Nothing was restored/);
    const damaged = path.join(work, "damaged.jsonl");
    writeFileSync(damaged, [...lines.slice(0, -3), "{not json", ...lines.slice(-1)].join("\n"));
    await expect(restoreFromFile(damaged, { target })).rejects.toThrow(/not valid JSON/);
    const counts = Object.values(await snapshotTables(target)).map((rows) => rows.length);
    expect(counts.every((n) => n === 0)).toBe(true);
  });

  it("refuses a backup made at other migrations", async () => {
    const lines = readFileSync(file, "utf8").split("\n");
    const header = JSON.parse(lines[0]!) as { migrations: string[] };
    header.migrations.push("29990101000000_from_the_future");
    const other = path.join(work, "future.jsonl");
    writeFileSync(other, [JSON.stringify(header), ...lines.slice(1)].join("\n"));
    await expect(restoreFromFile(other, { target: await freshPglite() })).rejects.toThrow(/different migrations; the database lacks 29990101000000_from_the_future/);
  });

  it("moves an embedded instance to PostgreSQL (PGlite → PostgreSQL) when TEST_DATABASE_URL is set", async ({ skip }) => {
    const base = process.env.TEST_DATABASE_URL?.trim();
    if (!base) return skip("TEST_DATABASE_URL is not set");
    assertLocalDatabaseUrl(base);
    // The embedded side: a PGlite holding this file's data (restored from the backup when this file runs on PostgreSQL).
    let pgliteSource: MigrateTarget = source();
    let fromFile = file;
    if (pgliteSource.kind !== "pglite") {
      pgliteSource = await freshPglite();
      await restoreFromFile(file, { target: pgliteSource });
      fromFile = path.join(work, "from-pglite.jsonl");
      await backupToFile(fromFile, pgliteSource);
    }
    const name = randomDbName("bb_restore");
    const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5_000 });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
      const pool = new pg.Pool({ connectionString: databaseUrlWithName(base, name), max: 2 });
      try {
        const target: MigrateTarget = { kind: "postgres", pool };
        await restoreFromFile(fromFile, { target });
        expect(await snapshotTables(target)).toEqual(await snapshotTables(pgliteSource));
      } finally {
        await pool.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it.skipIf(dbMode() !== "pglite")("npm run backup refuses a PGlite folder a running process holds, and says why", async () => {
    await db().user.count(); // this process holds the lock
    const env: NodeJS.ProcessEnv = { ...process.env }; // same DATA_DIR as this process
    delete env.DATABASE_URL;
    const out = path.join(work, "cli.jsonl");
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const p = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/backup.ts", out], { cwd: root, env });
      let stderr = "";
      p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      p.on("error", reject);
      p.on("close", (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Another Builder/Breaker process (pid ${process.pid}) is using the database`);
    expect(result.stderr).toContain("stop the server, then run the backup again");
  });

  // Last: it restores over this file's own database, so other tests must have run.
  it("a restored instance exports every debate exactly as the original did", async () => {
    const exportAll = async () => {
      const debates = await db().debate.findMany({ select: { id: true, ownerId: true }, orderBy: { id: "asc" } });
      const out: Record<string, { json: unknown; markdown: string }> = {};
      for (const d of debates) {
        const owner = { id: d.ownerId };
        const json = JSON.parse(await collect((await exportDebateFor(owner, d.id, "json")).chunks)) as { exportedAt?: string };
        delete json.exportedAt;
        out[d.id] = { json, markdown: await collect((await exportDebateFor(owner, d.id, "markdown")).chunks) };
      }
      return out;
    };
    const before = await exportAll();
    expect(Object.keys(before).length).toBeGreaterThan(0);
    await db().node.updateMany({ data: { body: "overwritten before the restore" } });
    await restoreFromFile(file, { target: source(), force: true });
    expect(await exportAll()).toEqual(before);
  });
});
