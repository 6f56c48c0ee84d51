import "server-only";
import { chmodSync, lstatSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

// The embedded database folder holds password hashes, token hashes and the
// generated session secret: only the user running the app may enter it.
// PGlite does not see to that itself: it unpacks its initial files 0666 and
// creates its folders under the process umask (0755 with the usual 022), so
// we create the folder 0700 and lock its files down to 0600 once PGlite has
// written them. A 0700 folder is what protects the files PGlite creates later
// (new relation files, its relcache cache): nobody else can reach them.
//
// Why chmod rather than process.umask(0o077) around PGlite's creation: the
// umask is process-wide (it would also apply to whatever else the process
// writes meanwhile, like Next's cache) and cannot be set in a worker thread.

/** Mode bits that let anyone but the owner read, write or enter. */
export const OPEN_TO_OTHERS = 0o077;

/**
 * chmod the folder and everything under it to owner-only (folders 0700, files
 * 0600); symlinks are left alone. Returns how many entries changed.
 */
export function lockDownTree(root: string): number {
  let changed = 0;
  const visit = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) {
      chmodSync(p, want);
      changed++;
    }
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
  };
  visit(root);
  return changed;
}

/** Whether this process's user owns `p` (always true where there are no uids). */
function ours(uid: number): boolean {
  const me = process.getuid?.();
  return me === undefined || uid === me;
}

/**
 * lockDownTree for a folder this process's user owns; anything else is left to
 * the start-up check's warning. Quiet and best effort: called after PGlite has
 * written (migrations, a restore, closing), when the folder is already 0700.
 */
export function lockDownIfOurs(dir: string): void {
  try {
    const st = statSync(dir, { throwIfNoEntry: false });
    if (st && ours(st.uid)) lockDownTree(dir);
  } catch {
    // A file vanished mid-walk, or a read-only disk: the next start checks again.
  }
}

export type PrivacyCheck =
  | { state: "private" | "missing" }
  /** It was open to others and belonged to us: now 0700 (its files 0600). */
  | { state: "fixed"; dir: string; was: number }
  /** Open to others and we may not (or could not) change it. */
  | { state: "open"; dir: string; was: number; reason: string };

/**
 * Start-up check of the database folder. When it is open to other users and
 * this process's user owns it, it is fixed on the spot: nothing legitimate
 * needs another user to read a private database (PostgreSQL itself refuses to
 * start on such a data directory), and every folder made before this check
 * existed is 0755. A folder owned by someone else is only reported: changing
 * another user's files (as root, say) is the operator's call.
 */
export function ensurePrivateDataDir(dir: string): PrivacyCheck {
  // Windows has ACLs, not these mode bits (every folder would look open): nothing to check here.
  if (process.platform === "win32") return { state: "private" };
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) return { state: "missing" };
  const was = st.mode & 0o777;
  if ((was & OPEN_TO_OTHERS) === 0) return { state: "private" };
  if (!ours(st.uid)) return { state: "open", dir, was, reason: `it belongs to user id ${st.uid}, not to this process's user (${process.getuid?.()})` };
  try {
    lockDownTree(dir);
    return { state: "fixed", dir, was };
  } catch (e) {
    return { state: "open", dir, was, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
}

/** The line printed for a check that was not simply "private". */
export function describePrivacyCheck(check: PrivacyCheck): string | undefined {
  const mode = (m: number) => m.toString(8).padStart(4, "0");
  if (check.state === "fixed") {
    return (
      `[db] The database folder ${check.dir} was open to other users (mode ${mode(check.was)}); ` +
      `it holds password hashes and the session secret, so it is now 0700 and its files 0600.`
    );
  }
  if (check.state === "open") {
    return (
      `[db] Warning: the database folder ${check.dir} is open to other users (mode ${mode(check.was)}) ` +
      `and holds password hashes and the session secret; it was left as it is (${check.reason}). ` +
      `Fix: chmod -R go-rwx ${shellQuote(check.dir)}`
    );
  }
  return undefined;
}

function shellQuote(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`;
}
