import { describe, expect, it } from "vitest";
import { expectConsoleError } from "@/tests/setup/console";

describe("console.error guard", () => {
  it("lets a test that expects console.error assert on it", () => {
    const consoleError = expectConsoleError();
    console.error("boom", 42);
    expect(consoleError).toHaveBeenCalledWith("boom", 42);
  });
});
