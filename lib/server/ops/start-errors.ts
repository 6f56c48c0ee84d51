import "server-only";
import { DataDirError } from "@/lib/server/db/client";
import { DatabaseLockedError } from "@/lib/server/db/lock";
import { MigrationError } from "@/lib/server/db/migrate";
import { isConnectionError } from "@/lib/server/db/errors";
import { EnvError } from "@/lib/server/env";

// One clear line (or a short block) for an error that stops a command-line
// script or the start-up, instead of a stack trace.
const FS_CODES = /^(EACCES|EPERM|EROFS|ENOSPC|EDQUOT|ENOTDIR|ENOENT|EISDIR)$/;

export function describeStartError(e: unknown): string {
  if (e instanceof DataDirError || e instanceof DatabaseLockedError || e instanceof MigrationError || e instanceof EnvError) {
    return e.message;
  }
  const err = e as NodeJS.ErrnoException | null;
  if (err && typeof err.code === "string" && FS_CODES.test(err.code) && typeof err.path === "string") {
    return `Cannot use ${err.path}: ${err.code} (${err.message.split(",")[0] ?? err.message}).`;
  }
  if (isConnectionError(e)) {
    return `Cannot reach the PostgreSQL server in DATABASE_URL (${firstLine(e)}). Is it running and reachable from here?`;
  }
  return firstLine(e);
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0] ?? text;
}
