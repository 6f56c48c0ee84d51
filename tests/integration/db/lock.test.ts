import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, db, dbMode } from "@/lib/server/db/client";
import { lockPathFor } from "@/lib/server/db/lock";
import { pgliteDataDir } from "@/lib/server/env";

const root = path.resolve(import.meta.dirname, "../../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const child = path.join(import.meta.dirname, "fixtures/open-db.ts");

function runChild(dataDir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    // As `npm run` does: server modules begin with import "server-only" (docs/decisions/010).
    const p = spawn(tsx, ["--conditions=react-server", child, ...args], { cwd: root, env });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe("PGlite data-dir lock", () => {
  // These two use this file's own database, which is PGlite unless TEST_DATABASE_URL is set.
  it.skipIf(dbMode() !== "pglite")("refuses a second process on the same data dir with a clear message", async () => {
    // This test file's own database: opened here, so this process holds the lock.
    await db().user.count();
    const dir = pgliteDataDir();
    expect(existsSync(lockPathFor(dir))).toBe(true);

    const result = await runChild(path.dirname(dir));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `Another Builder/Breaker process (pid ${process.pid}) is using the database in ${dir}. ` +
        `Stop it, or set DATA_DIR to another folder.`,
    );
    // Our database is untouched and still usable.
    await expect(db().user.count()).resolves.toBe(0);
  });

  it.skipIf(dbMode() !== "pglite")("releases the lock on close, so another process can open the dir", async () => {
    await db().user.count();
    const dir = pgliteDataDir();
    await closeDb();
    expect(existsSync(lockPathFor(dir))).toBe(false);
    const result = await runChild(path.dirname(dir));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, users: 0 });
    expect(existsSync(lockPathFor(dir))).toBe(false); // the child released it on exit
  });

  it("takes over a stale lock left by a dead process", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-lock-"));
    tmpDirs.push(dataDir);
    const dir = path.join(dataDir, "pglite");
    mkdirSync(dataDir, { recursive: true });
    // A pid that certainly belonged to a process that has exited.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    const deadPid = Number(dead.stdout.toString());
    writeFileSync(
      lockPathFor(dir),
      JSON.stringify({ pid: deadPid, hostname: os.hostname(), startedAt: new Date(0).toISOString() }),
    );

    const result = await runChild(dataDir, "--migrate");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { ok: boolean; pid: number };
    expect(out.ok).toBe(true);
    expect(existsSync(lockPathFor(dir))).toBe(false);
    expect(readFileSync(path.join(dir, "PG_VERSION"), "utf8").trim()).toMatch(/^\d+$/);
  });
});
