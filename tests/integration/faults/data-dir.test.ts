import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runFaultTests } from "@/tests/support/servers";

// The start path (scripts/prepare-db.ts, run by `npm start` before `next start`)
// on a data folder it cannot write: one clear line naming the folder and the
// cause, a non-zero exit, and no half-created database left behind.

const work = mkdtempSync(path.join(os.tmpdir(), "bb-datadir-"));
chmodSync(work, 0o755);
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) spawnSync("umount", [m]);
  rmSync(work, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync("setpriv", ["--version"]).status === 0;
// The non-root run needs to read the checkout (a clone under a private mktemp dir is not readable to nobody).
const nobodyCanRunProject = () =>
  spawnSync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", process.execPath, "--import", "tsx", "-e", ""], { cwd: ROOT }).status === 0;

function prepare(dataDir: string, asNobody = false): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const env = { PATH: process.env.PATH, HOME: os.tmpdir(), DATA_DIR: dataDir, SEED_DEMO: "false" } as unknown as NodeJS.ProcessEnv;
  const args = ["--import", "tsx", "scripts/prepare-db.ts"];
  const [cmd, argv] = asNobody
    ? ["setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const p = spawn(cmd as string, argv as string[], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => p.kill("SIGKILL"), 45_000);
    p.on("error", reject);
    p.on("close", (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function expectClearFailure(r: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe.skipIf(!runFaultTests)("start with a data folder that cannot be written", () => {
  it("DATA_DIR below a file (ENOTDIR)", async () => {
    const file = path.join(work, "a-file");
    writeFileSync(file, "not a folder");
    const r = await prepare(path.join(file, "data"));
    expectClearFailure(r, /^\[db\] Cannot write the database folder .*a-file\/data: ENOTDIR \(a part of the path is a file, not a folder\)\. /);
  }, 60_000);

  it.skipIf(!isRoot || !hasSetpriv)("a read-only folder, as a non-root user (EACCES); nothing is written", async ({ skip }) => {
    if (!nobodyCanRunProject()) return skip("the user 'nobody' cannot read this checkout");
    const ro = path.join(work, "ro");
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = await prepare(path.join(ro, "data"), true);
    expectClearFailure(r, /Cannot write the database folder .*\/ro\/data: EACCES \(permission denied\)\. Make it writable/);
    expect(readdirSync(ro)).toEqual([]);

    // An existing data folder the user may not write (e.g. created by root): refused before PGlite opens it.
    const owned = path.join(work, "owned");
    mkdirSync(path.join(owned, "pglite"), { recursive: true });
    chmodSync(owned, 0o777);
    writeFileSync(path.join(owned, "pglite", "PG_VERSION"), "17\n");
    const r2 = await prepare(owned, true);
    expectClearFailure(r2, /Cannot write the database folder .*\/owned\/pglite: EACCES/);
    expect(readdirSync(owned)).toEqual(["pglite"]); // the lock file was released
  }, 60_000);

  it.skipIf(!isRoot)("a full disk (a 4 MB tmpfs): ENOSPC, and no half-created database", async ({ skip }) => {
    const mnt = path.join(work, "tiny");
    mkdirSync(mnt);
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt]).status !== 0) return skip("cannot mount a tmpfs here");
    mounts.push(mnt);
    const r = await prepare(path.join(mnt, "data"));
    expectClearFailure(r, /Cannot write the database folder .*\/tiny\/data: ENOSPC \(the disk is full\)\. Free some disk space/);
    expect(readdirSync(path.join(mnt, "data"))).toEqual([]);
    console.log(`[faults] full disk refused in ${r.ms} ms`);
  }, 60_000);
});
