import { afterEach, beforeEach, vi, type MockInstance } from "vitest";

// A console.error during a test fails it (as in the Epic Stack): errors that are
// logged and swallowed are bugs we want to see. A test that expects one says so:
//
//   const consoleError = expectConsoleError();
//   ...code that logs...
//   expect(consoleError).toHaveBeenCalledWith(expect.stringContaining("boom"));

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

/** Allow (and silence) console.error for the current test; returns the spy to assert on. */
export function expectConsoleError(): MockInstance<typeof console.error> {
  if (!spy) throw new Error("expectConsoleError() must be called inside a test");
  expected = true;
  return spy;
}
