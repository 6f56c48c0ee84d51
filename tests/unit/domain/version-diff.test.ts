import { describe, expect, it } from "vitest";
import { versionDiff, WORD_DIFF_TIMEOUT_MS } from "@/lib/domain/debate/version-diff";

function words(seed: number, length: number): string {
  let x = seed;
  let out = "";
  while (out.length < length) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += `w${(x % 5000).toString(36)} `;
  }
  return out.slice(0, length);
}

describe("versionDiff", () => {
  it("gives up on two unrelated 50,000-character texts within the bound and says rewritten", () => {
    const before = words(1, 50_000);
    const after = words(2, 50_000);
    const started = performance.now();
    const diff = versionDiff(before, after);
    const ms = performance.now() - started;
    expect(diff).toEqual({ rewritten: true, parts: [{ text: before, change: "removed" }, { text: after, change: "added" }] });
    // Unbounded, this pair takes tens of seconds; the rest is tokenising on a shared machine.
    expect(ms).toBeLessThan(WORD_DIFF_TIMEOUT_MS + 1_800);
  });

  it("diffs an ordinary edit word by word", () => {
    const diff = versionDiff("Cats need a warm bed and food.", "Cats need a warm bed, food and scratching posts.");
    expect(diff.rewritten).toBe(false);
    expect(diff.parts.filter((p) => p.change === "added").map((p) => p.text).join("")).toContain("scratching");
    expect(diff.parts.filter((p) => p.change !== "removed").map((p) => p.text).join("")).toBe("Cats need a warm bed, food and scratching posts.");
  });
});
