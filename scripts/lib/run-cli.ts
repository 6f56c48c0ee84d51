// The tail every database script shared: run main, close the database either
// way (PGlite releases its data-dir lock), exit with main's code, and print a
// failure as one readable line instead of a stack.
import { closeDb } from "@/lib/server/db/client";
import { DatabaseLockedError } from "@/lib/server/db/lock";
import { describeStartError } from "@/lib/server/ops/start-errors";

export interface CliFailure {
  /** Prefix for an unexpected failure, e.g. "Backup failed: "; default none. */
  prefix?: string;
  /** Suffix for an unexpected failure, e.g. ". Nothing was written." */
  suffix?: string;
  /** What to do when the embedded database is held by another process (the server). */
  whenLocked?: string;
  /** A message for errors this script expects (an AppError, say), or undefined to fall through. */
  expected?: (error: unknown) => string | undefined;
}

export function runCli(main: () => Promise<number | void>, failure: CliFailure = {}): void {
  main().then(
    async (code) => {
      await closeDb();
      process.exit(code ?? 0);
    },
    async (error: unknown) => {
      console.error(describeFailure(error, failure));
      await closeDb().catch(() => {});
      process.exit(1);
    },
  );
}

function describeFailure(error: unknown, failure: CliFailure): string {
  if (error instanceof DatabaseLockedError && failure.whenLocked) {
    return `${error.message}\nThe embedded database allows one process at a time: ${failure.whenLocked}`;
  }
  return failure.expected?.(error) ?? `${failure.prefix ?? ""}${describeStartError(error)}${failure.suffix ?? ""}`;
}
