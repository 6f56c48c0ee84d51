// The map's SVG text wrapping (app/debates/[debateId]/map/map-text.ts): whole words on each line,
// an ellipsis after a whole word when cut, so the shown words match the node's accessible name.
import { describe, expect, it } from "vitest";
import { wrapLines } from "@/app/debates/[debateId]/map/map-text";

describe("wrapLines", () => {
  it("keeps a short title on one line", () => {
    expect(wrapLines("Cache the feed", 32, 2)).toEqual(["Cache the feed"]);
  });

  it("breaks at spaces and cuts after a whole word with an ellipsis", () => {
    const lines = wrapLines("The plan is split across harmless-looking answers that nobody reads twice", 32, 2);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(32);
    expect(lines[1]!.endsWith("…")).toBe(true);
    const shownWords = lines.join(" ").replace(/…$/, "").split(" ");
    const words = "The plan is split across harmless-looking answers that nobody reads twice".split(" ");
    expect(shownWords).toEqual(words.slice(0, shownWords.length));
  });

  it("shortens a single word longer than a line", () => {
    const [line] = wrapLines("x".repeat(50), 20, 2);
    expect(line!.length).toBeLessThanOrEqual(20);
    expect(line!.endsWith("…")).toBe(true);
  });
});
