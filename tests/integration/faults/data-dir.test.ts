import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runFaultTests, runProjectScript } from "@/tests/support/servers";

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

/** A project script in its own process, with only the environment a user's shell would give it. */
const runScript = (script: string, args: string[], dataDir: string, opts: { asNobody?: boolean; umask?: string } = {}) =>
  runProjectScript(script, args, { PATH: process.env.PATH, HOME: os.tmpdir(), DATA_DIR: dataDir, SEED_DEMO: "false" } as unknown as NodeJS.ProcessEnv, opts);

/** The start path: scripts/prepare-db.ts (creates, migrates, seeds), run by `npm start` before `next start`. */
const prepare = (dataDir: string, asNobody = false, umask?: string) => runScript("scripts/prepare-db.ts", [], dataDir, { asNobody, umask });

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

/** Every entry under `root` (itself included) whose mode lets group or others in, as "path mode". */
function openToOthers(root: string): string[] {
  const open: string[] = [];
  const visit = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.mode & 0o077) open.push(`${path.relative(root, p) || "."} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
  };
  visit(root);
  return open;
}

const modeOf = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** chmod -R as version one left things under umask 022: folders 0755, files 0644. */
function openUp(root: string) {
  const visit = (p: string) => {
    const st = lstatSync(p);
    chmodSync(p, st.isDirectory() ? 0o755 : 0o644);
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
  };
  visit(root);
}

// Issue #18, finding 4: the embedded database holds password hashes and the session secret.
describe.skipIf(!runFaultTests)("the embedded database folder is private", () => {
  const dataDir = path.join(work, "private", "data"); // neither folder exists yet
  const pgliteDir = path.join(dataDir, "pglite");

  it("a new database under umask 022 is 0700 with no file open to others; so is a backup made under umask 000", async () => {
    const r = await prepare(dataDir, false, "022");
    expect(r.code, r.stderr).toBe(0);
    expect(modeOf(dataDir)).toBe("700");
    expect(modeOf(path.dirname(dataDir))).toBe("700"); // created by us too
    expect(openToOthers(dataDir)).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain("open to other users"); // nothing to fix on a new folder

    const backup = path.join(work, "private-backup.jsonl");
    const b = await runScript("scripts/backup.ts", [backup], dataDir, { umask: "000" });
    expect(b.code, b.stderr).toBe(0);
    expect(modeOf(backup)).toBe("600");
  }, 90_000);

  it("start on a folder left open by an earlier version (0755, files 0644) fixes it and says so", async () => {
    openUp(pgliteDir);
    const r = await prepare(dataDir, false, "022");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `[db] The database folder ${pgliteDir} was open to other users (mode 0755); it holds password hashes and the session secret, so it is now 0700 and its files 0600.`,
    );
    expect(openToOthers(pgliteDir)).toEqual([]);
  }, 60_000);

  it.skipIf(!isRoot)("a folder owned by another user is left alone, with a warning naming the fix", async () => {
    openUp(pgliteDir);
    const nobody = Number(spawnSync("id", ["-u", "nobody"]).stdout.toString());
    chownSync(pgliteDir, nobody, -1);
    try {
      const r = await prepare(dataDir, false, "022");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`[db] Warning: the database folder ${pgliteDir} is open to other users (mode 0755)`);
      expect(r.stderr).toContain(`Fix: chmod -R go-rwx ${pgliteDir}`);
      expect(modeOf(pgliteDir)).toBe("755");
    } finally {
      chownSync(pgliteDir, 0, -1);
    }
  }, 60_000);

  it("npm run restore into a new DATA_DIR makes it private too", async () => {
    const backup = path.join(work, "private-backup.jsonl");
    const restored = path.join(work, "restored", "data");
    const r = await runScript("scripts/restore.ts", [backup], restored, { umask: "022" });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(restored, "pglite", "PG_VERSION"))).toBe(true);
    expect(modeOf(restored)).toBe("700");
    expect(openToOthers(restored)).toEqual([]);
  }, 90_000);
});
