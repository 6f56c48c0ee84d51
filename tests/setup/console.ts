import { afterEach, beforeEach, vi, type MockInstance } from "vitest";
import { env } from "@/lib/server/env";
import { createLogger, setRootLogger } from "@/lib/server/log";

// A console.error during a test fails it (as in the Epic Stack): errors that are
// logged and swallowed are bugs we want to see. A test that expects one says so:
//
//   const consoleError = expectConsoleError();
//   ...code that logs...
//   expect(consoleError).toHaveBeenCalledWith(expect.stringContaining("boom"));

// The server logger (lib/server/log.ts) in tests: its error and fatal lines go through console.error,
// so the guard below fails a test on them as on any console.error; quieter lines are dropped unless
// the run sets LOG_LEVEL (then they go to stdout). A test that reads log lines installs its own
// logger with setRootLogger (tests/unit/api/request-log.test.ts).
setRootLogger(
  createLogger(process.env.LOG_LEVEL ? env().LOG_LEVEL : "error", {
    write(line: string) {
      const { level } = JSON.parse(line) as { level?: string };
      if (level === "error" || level === "fatal") console.error(line.trimEnd());
      else process.stdout.write(line);
    },
  }),
);

let spy: MockInstance<typeof console.error> | undefined;
let expected = false;

beforeEach(() => {
  expected = false;
  const original = console.error;
  spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (!expected) original(...args);
  });
});

afterEach(() => {
  const calls = spy?.mock.calls ?? [];
  const unexpected = !expected && calls.length > 0;
  spy?.mockRestore();
  spy = undefined;
  if (unexpected) {
    const first = calls[0]?.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
    throw new Error(
      `console.error was called ${calls.length} time(s) during this test (first: ${first}). ` +
        `If that is expected, call expectConsoleError() in the test.`,
    );
  }
});

/** The server log lines (parsed JSON) that reached console.error through the logger above. */
export function loggedErrors(consoleError: MockInstance<typeof console.error>): Record<string, unknown>[] {
  return consoleError.mock.calls.flatMap(([first]) => {
    try {
      return typeof first === "string" && first.startsWith("{") ? [JSON.parse(first) as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

/** Allow (and silence) console.error for the current test; returns the spy to assert on. */
export function expectConsoleError(): MockInstance<typeof console.error> {
  if (!spy) throw new Error("expectConsoleError() must be called inside a test");
  expected = true;
  return spy;
}
