import "server-only";
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// PGlite has no lock on its data directory: two processes that open the same
// directory silently lose acknowledged writes (pglite #1106). Every opener of a
// PGlite data dir in this project takes this lock first.

export type LockInfo = {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** Linux: start time of the process in clock ticks since boot (/proc/PID/stat field 22). */
  procStart?: string;
  /** Linux: boot id, so a lock from before a reboot is recognised as stale. */
  bootId?: string;
};

export class DatabaseLockedError extends Error {
  constructor(
    public readonly dir: string,
    public readonly holder: LockInfo,
  ) {
    super(
      `Another Builder/Breaker process (pid ${holder.pid}) is using the database in ${dir}. ` +
        `Stop it, or set DATA_DIR to another folder.`,
    );
    this.name = "DatabaseLockedError";
  }
}

export function lockPathFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

function readProcStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses; fields after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return rest[19]; // field 22 overall: starttime
  } catch {
    return undefined;
  }
}

function readBootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Pure parse of a lock file's content; undefined when it is not a lock we wrote. */
export function parseLockInfo(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid !== "number" || !Number.isInteger(v.pid) || v.pid <= 0) return undefined;
    return {
      pid: v.pid,
      hostname: typeof v.hostname === "string" ? v.hostname : "",
      startedAt: typeof v.startedAt === "string" ? v.startedAt : "",
      procStart: typeof v.procStart === "string" ? v.procStart : undefined,
      bootId: typeof v.bootId === "string" ? v.bootId : undefined,
    };
  } catch {
    return undefined;
  }
}

/**
 * Whether the process that wrote `info` is still running. A lock from another
 * host (e.g. an earlier container using the same volume) is treated as stale:
 * sharing one PGlite dir between machines is not supported anyway.
 */
export function holderIsAlive(info: LockInfo): boolean {
  if (info.hostname !== os.hostname()) return false;
  const bootId = readBootId();
  if (info.bootId && bootId && info.bootId !== bootId) return false;
  if (!pidAlive(info.pid)) return false;
  // The pid is in use; make sure it is still the same process, not a reused pid.
  if (info.procStart) {
    const now = readProcStart(info.pid);
    if (now !== undefined && now !== info.procStart) return false;
  }
  return true;
}

export type HeldLock = {
  path: string;
  info: LockInfo;
  release(): void;
};

/**
 * Take the exclusive lock for `dataDir` (lock file `<dataDir>.lock`, beside it).
 * Throws DatabaseLockedError when a live process holds it; takes over a stale lock.
 */
export function acquireLock(dataDir: string): HeldLock {
  const dir = path.resolve(dataDir);
  const lockPath = lockPathFor(dir);
  mkdirSync(path.dirname(lockPath), { recursive: true, mode: 0o700 }); // DATA_DIR, when it is new: private
  const info: LockInfo = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    procStart: readProcStart(process.pid),
    bootId: readBootId(),
  };
  const content = JSON.stringify(info);

  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      writeFileSync(lockPath, content, { flag: "wx", mode: 0o600 });
      return makeHeld(lockPath, content, info);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let existing: string;
    try {
      existing = readFileSync(lockPath, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue; // released meanwhile
      throw e;
    }
    const holder = parseLockInfo(existing);
    if (holder === undefined && existing === "") {
      // Another process is between its create and its write; give it a moment.
      sleepSync(20);
      continue;
    }
    if (holder && holder.pid === process.pid && holder.hostname === info.hostname && holder.procStart === info.procStart) {
      throw new Error(
        `This process already holds the database lock for ${dir}; open the database once per process (use db()).`,
      );
    }
    if (holder && holderIsAlive(holder)) throw new DatabaseLockedError(dir, holder);
    // Stale (or unreadable) lock: move it aside atomically, check we moved the
    // file we judged, then retry the exclusive create.
    const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`;
    try {
      renameSync(lockPath, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw e;
    }
    const moved = readFileSync(aside, "utf8");
    if (moved !== existing) {
      // Someone else took over between our read and rename: put theirs back.
      try {
        renameSync(aside, lockPath);
      } catch {
        /* ignore */
      }
      continue;
    }
    unlinkSync(aside);
  }
  throw new Error(`Could not take the database lock ${lockPath} (kept changing hands).`);
}

function makeHeld(lockPath: string, content: string, info: LockInfo): HeldLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener("exit", release);
    try {
      // Only remove the file if it is still ours.
      if (readFileSync(lockPath, "utf8") === content) unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  };
  process.on("exit", release);
  return { path: lockPath, info, release };
}

function sleepSync(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
