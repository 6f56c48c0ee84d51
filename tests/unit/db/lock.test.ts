import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock, DatabaseLockedError, lockPathFor, parseLockInfo, type HeldLock } from "@/lib/server/db/lock";

const dirs: string[] = [];
const held: HeldLock[] = [];
afterEach(() => {
  for (const l of held.splice(0)) l.release();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), "bb-lock-unit-"));
  dirs.push(d);
  return path.join(d, "nested", "pglite"); // parent folders do not exist yet
}

function writeLock(dir: string, info: object | string) {
  writeFileSync(lockPathFor(dir), typeof info === "string" ? info : JSON.stringify(info));
}

describe("acquireLock", () => {
  it("makes the lock file 0600 and new parent folders 0700, whatever the umask (issue #18, finding 4)", () => {
    for (const umask of [0o022, 0o000]) {
      const previous = process.umask(umask);
      try {
        const dir = dataDir();
        const lock = acquireLock(dir);
        held.push(lock);
        expect((statSync(lock.path).mode & 0o777).toString(8)).toBe("600");
        expect((statSync(path.dirname(lock.path)).mode & 0o777).toString(8)).toBe("700"); // DATA_DIR
      } finally {
        process.umask(previous);
      }
    }
  });

  it("creates the lock file (and its parent folders) with pid, hostname and start time; release removes it", () => {
    const dir = dataDir();
    const lock = acquireLock(dir);
    const info = parseLockInfo(readFileSync(lock.path, "utf8"));
    expect(info).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    expect(Number.isNaN(Date.parse(info!.startedAt))).toBe(false);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it("refuses while another live process holds it, naming the pid and the directory", () => {
    const dir = dataDir();
    acquireLock(dir).release(); // create parents
    const other = process.ppid; // vitest's main process: alive, same host
    writeLock(dir, { pid: other, hostname: os.hostname(), startedAt: new Date().toISOString() });
    let error: unknown;
    try {
      held.push(acquireLock(dir));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseLockedError);
    expect((error as Error).message).toBe(
      `Another Builder/Breaker process (pid ${other}) is using the database in ${path.resolve(dir)}. ` +
        `Stop it, or set DATA_DIR to another folder.`,
    );
    expect(parseLockInfo(readFileSync(lockPathFor(dir), "utf8"))?.pid).toBe(other); // left alone
  });

  it("refuses a second acquire in the same process", () => {
    const dir = dataDir();
    held.push(acquireLock(dir));
    expect(() => acquireLock(dir)).toThrow(/already holds the database lock/);
  });

  it.each([
    ["a dead pid", () => ({ pid: 2 ** 22 + 12345, hostname: os.hostname(), startedAt: "" })],
    ["a reused pid (different process start time)", () => ({ pid: process.ppid, hostname: os.hostname(), startedAt: "", procStart: "1" })],
    ["another host", () => ({ pid: process.ppid, hostname: `${os.hostname()}-elsewhere`, startedAt: "" })],
    ["unreadable content", () => "not json"],
  ])("takes over a stale lock: %s", (_label, make) => {
    const dir = dataDir();
    acquireLock(dir).release();
    writeLock(dir, make());
    const lock = acquireLock(dir);
    held.push(lock);
    expect(parseLockInfo(readFileSync(lock.path, "utf8"))?.pid).toBe(process.pid);
  });

  it("release does not remove a lock that is no longer ours", () => {
    const dir = dataDir();
    const lock = acquireLock(dir);
    writeLock(dir, { pid: 1, hostname: "someone-else", startedAt: "" });
    lock.release();
    expect(existsSync(lockPathFor(dir))).toBe(true);
  });
});

describe("parseLockInfo", () => {
  it("rejects content that is not a lock", () => {
    expect(parseLockInfo("")).toBeUndefined();
    expect(parseLockInfo("{}")).toBeUndefined();
    expect(parseLockInfo(JSON.stringify({ pid: -1 }))).toBeUndefined();
    expect(parseLockInfo(JSON.stringify({ pid: 12, hostname: "h", startedAt: "t" }))).toEqual({
      pid: 12,
      hostname: "h",
      startedAt: "t",
      procStart: undefined,
      bootId: undefined,
    });
  });
});
