import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describePrivacyCheck, ensurePrivateDataDir, lockDownTree } from "@/lib/server/db/private-dir";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A folder laid out as PGlite leaves it under umask 022: folders 0755, files 0666. */
function openFolder(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "bb-private-"));
  dirs.push(root);
  const dir = path.join(root, "pglite");
  mkdirSync(path.join(dir, "base", "5"), { recursive: true });
  writeFileSync(path.join(dir, "PG_VERSION"), "17\n");
  writeFileSync(path.join(dir, "base", "5", "1259"), "rows");
  for (const p of [dir, path.join(dir, "base"), path.join(dir, "base", "5")]) chmodSync(p, 0o755);
  for (const p of [path.join(dir, "PG_VERSION"), path.join(dir, "base", "5", "1259")]) chmodSync(p, 0o666);
  return dir;
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

describe("private database folder", () => {
  it("lockDownTree makes folders 0700 and files 0600, leaves symlinks' targets alone, and counts changes", () => {
    const dir = openFolder();
    const outside = path.join(path.dirname(dir), "outside.txt");
    writeFileSync(outside, "not ours to change");
    chmodSync(outside, 0o644);
    symlinkSync(outside, path.join(dir, "link"));
    expect(lockDownTree(dir)).toBe(5);
    expect([dir, path.join(dir, "base"), path.join(dir, "base", "5")].map(mode)).toEqual(["700", "700", "700"]);
    expect([path.join(dir, "PG_VERSION"), path.join(dir, "base", "5", "1259")].map(mode)).toEqual(["600", "600"]);
    expect(mode(outside)).toBe("644");
    expect(lockDownTree(dir)).toBe(0);
  });

  it("ensurePrivateDataDir fixes an open folder this user owns, and says so once", () => {
    const dir = openFolder();
    const check = ensurePrivateDataDir(dir);
    expect(check).toEqual({ state: "fixed", dir, was: 0o755 });
    expect(describePrivacyCheck(check)).toBe(
      `[db] The database folder ${dir} was open to other users (mode 0755); it holds password hashes and the session secret, so it is now 0700 and its files 0600.`,
    );
    expect(mode(path.join(dir, "base", "5", "1259"))).toBe("600");
    expect(ensurePrivateDataDir(dir)).toEqual({ state: "private" });
    expect(describePrivacyCheck({ state: "private" })).toBeUndefined();
    expect(ensurePrivateDataDir(path.join(dir, "absent"))).toEqual({ state: "missing" });
  });

  it("the warning for a folder it may not change names the fix, quoted for the shell", () => {
    const line = describePrivacyCheck({ state: "open", dir: "/srv/my data/it's", was: 0o750, reason: "it belongs to user id 1000" });
    expect(line).toBe(
      `[db] Warning: the database folder /srv/my data/it's is open to other users (mode 0750) and holds password hashes and the session secret; ` +
        `it was left as it is (it belongs to user id 1000). Fix: chmod -R go-rwx '/srv/my data/it'\\''s'`,
    );
  });
});
