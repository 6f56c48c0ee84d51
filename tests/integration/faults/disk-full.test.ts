import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeSync } from "node:fs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { apiDebate, bearer, ensureBuild, insertTokenUsers, migratedPgliteDir, request, runFaultTests, serverEnv, startServer, withPglite, type Server } from "@/tests/support/servers";

// The disk filling up under a running server (issue #18): a write that cannot be
// stored is a 503 UNAVAILABLE that says the disk is full (it was a masked 500),
// reads keep working, and writes work again once space is freed. PGlite on a
// small tmpfs: PostgreSQL's "could not extend file …: No space left on device"
// (SQLSTATE 53100) arrives through Prisma as P2039 and through the driver as is.

const isRoot = process.getuid?.() === 0;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
}, 60_000);

/** Writes zeros to `file` until the file system refuses. */
function fillDisk(file: string) {
  const fd = openSync(file, "w");
  const block = Buffer.alloc(1 << 16);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!runFaultTests || !isRoot)("a full disk under a running server (PGlite on a tmpfs)", () => {
  it("writes answer 503 'disk is full', reads still work, writes resume once space is freed", async ({ skip }) => {
    await ensureBuild();
    const work = mkdtempSync(path.join(os.tmpdir(), "bb-diskfull-"));
    cleanups.push(() => rmSync(work, { recursive: true, force: true }));
    const mnt = path.join(work, "tmpfs");
    mkdirSync(mnt);
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=96m", "tmpfs", mnt]).status !== 0) return skip("cannot mount a tmpfs here");
    cleanups.push(() => void spawnSync("umount", ["-l", mnt]));

    const dataDir = path.join(mnt, "data");
    const dir = path.join(dataDir, "pglite");
    await migratedPgliteDir(dir, inject("dbTemplate"));
    const users = await withPglite(dir, (q) => insertTokenUsers(q, 2, "full"));
    const server: Server = await startServer({ env: serverEnv({ DATA_DIR: dataDir }), readyTimeoutMs: 60_000 });
    cleanups.push(() => server.stop());
    const debate = await apiDebate(server.url, users[0]!, users.slice(1));
    const post = (i: number) =>
      request(`${server.url}/api/v1/debates/${debate.id}/nodes`, {
        method: "POST",
        headers: bearer(users[1]!.token),
        // Random text (TOAST compresses repetition) so every move needs new pages.
        body: JSON.stringify({ parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", body: `${i} ${Array.from({ length: 2_000 }, () => Math.random().toString(36).slice(2, 11)).join(" ")}`.slice(0, 20_000) }),
        timeoutMs: 20_000,
      });
    expect((await post(0)).status).toBe(201);

    const filler = path.join(mnt, "filler");
    fillDisk(filler);
    let refused;
    const statuses: number[] = [];
    for (let i = 1; i <= 300 && !refused; i++) {
      const r = await post(i);
      statuses.push(r.status);
      if (r.status !== 201) refused = r;
    }
    expect(refused, `every write was accepted on a full disk: ${statuses.length} posts`).toBeDefined();
    expect(refused!.status, refused!.text).toBe(503);
    expect(refused!.headers.get("retry-after")).toBeTruthy();
    const error = (refused!.json as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.message).toMatch(/disk is full/);
    expect(refused!.text).not.toMatch(/base\/|53100|Prisma|invocation|extend file/);
    expect(server.output()).toMatch(/No space left on device/);

    // Reads still work on a full disk.
    expect((await request(`${server.url}/api/v1/debates/${debate.id}`, { headers: bearer(users[0]!.token) })).status).toBe(200);

    // Space freed: writes work again, without a restart.
    rmSync(filler);
    const after = await post(1_000);
    expect(after.status, after.text).toBe(201);
    console.log(`[faults] full disk: ${statuses.length} posts until the 503; statuses ${JSON.stringify(statuses.slice(-3))}`);
  }, 240_000);
});
