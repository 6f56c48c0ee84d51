// Reader fixes found while making the importers linear (lib/formats/import).
import { describe, expect, it } from "vitest";
import { importKialo } from "@/lib/formats/import";
import { importOwnArgdown as importArgdown } from "@/lib/formats/import/argdown";
import { parseFlowData } from "@/lib/formats/import/flow-data";

// The line reader that reads our own Argdown exports (third-party Argdown goes through @argdown/core).
describe("Argdown reader", () => {
  it("reads a line holding U+2028 or U+2029 (the line regex's '.' stopped there: a TypeError, a 500)", () => {
    const doc = importArgdown("[Root]: one\u2028two\n  - <Attack>: three\u2029four\n");
    expect(doc.nodes.map((n) => n.body)).toEqual(["one\u2028two", "three\u2029four"]);
  });

  it("joins continuation lines as before: one space apart, ends trimmed", () => {
    const doc = importArgdown("[Root]: first  \n   second line  \n third\n\n  - <Reply>: r\n  more\n");
    expect(doc.nodes.map((n) => n.body)).toEqual(["first second line third", "r more"]);
  });

  it("trims only spaces and tabs around an element's text, however long the blank runs inside", () => {
    const doc = importArgdown(`[Root]: \t a${" ".repeat(100_000)}b \t\n`);
    expect(doc.nodes[0]!.body).toBe(`a${" ".repeat(100_000)}b`);
  });
});

describe("Kialo reader", () => {
  it("reads a title holding U+2028", () => {
    expect(importKialo("Discussion Title: a\u2028b\n\n1. Thesis\n").debate.title).toBe("a\u2028b");
  });
});

describe("YAML flow data", () => {
  it("reads '' inside single quotes as one quote (the reader stopped before it)", () => {
    expect(parseFlowData("{note: 'it''s here', k: 'x'}")).toEqual({ note: "it's here", k: "x" });
  });

  it("reads escapes in double quotes and plain runs between them", () => {
    expect(parseFlowData('{a: "x\\"y\\u0041z", b: plain text}')).toEqual({ a: 'x"yAz', b: "plain text" });
  });
});
