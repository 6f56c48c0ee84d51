// Malformed, truncated, huge, deeply nested and hostile inputs: always a
// FormatError with a position (or a whole valid document), never a crash.
import { describe, expect, it } from "vitest";
import { validateDocument } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { importArgdown, importJson, importKialo, parseImport, type ImportFormat } from "@/lib/formats/import";
import { ARGDOWN_MAX_NESTING } from "@/lib/formats/import/argdown-map";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { exportText, FIXED_NOW, ROUND_TRIP } from "./helpers";

function formatError(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw new Error(`expected FormatError, got ${String(error)}`);
  }
  throw new Error("expected FormatError, got a result");
}

const positioned = (e: FormatError) => {
  expect(e.location.path !== undefined || (e.location.line !== undefined && e.location.column !== undefined)).toBe(true);
  expect(e.message.length).toBeGreaterThan(10);
};

describe("JSON import errors", () => {
  it("reports syntax errors with line and column", () => {
    const e = formatError(() => importJson('{\n  "format": "builder-breaker/1",\n  "nodes": [,]\n}'));
    expect(e.code).toBe("SYNTAX");
    expect(e.location.line).toBe(3);
    expect(e.location.column).toBeGreaterThan(1);
  });
  it("locates errors V8 does not place", () => {
    const cases: [string, number, number][] = [
      ['{"a": 1,}', 1, 9],
      ['{"a" 1}', 1, 6],
      ['[1, 2\n, tru]', 2, 3],
      ['{"a": "x\ty"}', 1, 9],
      ['{"a": [1, 2}', 1, 12],
      ["[1] 2", 1, 5],
    ];
    for (const [text, line, column] of cases) {
      expect(formatError(() => importJson(text)).location, text).toMatchObject({ line, column });
    }
  });
  it("every truncation of a valid export is an error, never a partial document", async () => {
    const text = await exportText(demoDocument, "json");
    for (let cut = 0; cut < text.length - 2; cut += 37) {
      const e = formatError(() => importJson(text.slice(0, cut)));
      expect(["SYNTAX", "SCHEMA"]).toContain(e.code);
      positioned(e);
    }
  });
  it("rejects 10,000-deep nesting before JSON.parse, with its position", () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    const e = formatError(() => importJson(deep));
    expect(e.code).toBe("TOO_DEEP");
    expect(e.location).toMatchObject({ line: 1, column: 65 });
    const deepInField = `{"format":"builder-breaker/1","debate":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`;
    expect(formatError(() => importJson(deepInField)).code).toBe("TOO_DEEP");
  });
  it("enforces the byte limit (default 20 MB) and a configurable one", async () => {
    expect(formatError(() => importJson(" ".repeat(21 * 1024 * 1024))).code).toBe("TOO_LARGE");
    const text = await exportText(demoDocument, "json");
    expect(formatError(() => importJson(text, { limits: { maxBytes: 1000 } })).code).toBe("TOO_LARGE");
    // Multi-byte characters count as bytes, not UTF-16 units.
    expect(formatError(() => importJson(JSON.stringify("é".repeat(600)), { limits: { maxBytes: 1000 } })).code).toBe("TOO_LARGE");
  });
  it("enforces node and depth limits", async () => {
    const text = await exportText(demoDocument, "json");
    expect(formatError(() => importJson(text, { limits: { maxNodes: 3 } })).code).toBe("TOO_MANY_NODES");
    const deep = formatError(() => importJson(text, { limits: { maxDepth: 2 } }));
    expect(deep.code).toBe("TOO_DEEP");
    expect(deep.location.path).toMatch(/^\$\.nodes\[\d+\]$/);
  });
  it("names the JSON path of schema errors", async () => {
    const doc = JSON.parse(await exportText(demoDocument, "json"));
    doc.nodes[2].side = "JUDGE";
    const e = formatError(() => importJson(JSON.stringify(doc)));
    expect(e).toMatchObject({ code: "SCHEMA", location: { path: "$.nodes[2].side" } });
  });
  it("does not let __proto__ keys pollute prototypes", () => {
    const e = formatError(() => importJson('{"__proto__": {"polluted": true}, "format": "builder-breaker/1"}'));
    expect(e.code).toBe("SCHEMA");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("Argdown import errors", () => {
  // Third-party Argdown (read by @argdown/core): its own syntax errors, positioned and said plainly.
  const cases: [string, string, string, number, number][] = [
    ["bad data", "[A]: root {bb: [}\n", "SYNTAX", 1, 17],
    ["relation without a parent", "  + <B>: orphan\n", "SYNTAX", 1, 1],
    ["second root without a blank line", "[A]: root\n[B]: another root\n", "SYNTAX", 2, 1],
    ["unclosed front matter", "===\ntitle: x\n[A]: root\n", "SYNTAX", 3, 1],
    ["@include", "[A]: root\n\n@include [other.argdown]\n", "SYNTAX", 3, 1],
    ["nothing", "\n\n", "SYNTAX", 1, 1],
  ];
  for (const [name, input, code, line, column] of cases) {
    it(name, () => {
      const e = formatError(() => importArgdown(input, { now: FIXED_NOW }));
      expect(e).toMatchObject({ code, location: { line, column } });
    });
  }
  it("@include says it is not supported in uploads", () => {
    expect(formatError(() => importArgdown("@include [a.argdown]\n")).message).toMatch(/not supported in uploads/);
  });
  it("a second top-level element without a blank line is explained in plain words", () => {
    expect(formatError(() => importArgdown("[A]: root\n[B]: another root\n")).message).toMatch(/blank line between them/);
  });
  it("maps validation errors back to the line of the node", () => {
    const e = formatError(() => importArgdown('[A]: root {"bb":{"ref":"r","kind":"PROPOSAL","side":"BUILDER","author":"u","outcome":"MAYBE"}}\n  - <B>: b {"bb":{"ref":"b","kind":"COMMENT","side":"OBSERVER","author":"u","prunedAt":"yesterday"}}\n', { now: FIXED_NOW }));
    expect(e.code).toBe("SCHEMA");
    expect(e.location).toMatchObject({ line: 1, path: "$.nodes[0].outcome" });
  });
  it("truncations are a whole valid document or a FormatError", async () => {
    const text = await exportText(demoDocument, "argdown");
    for (let cut = 0; cut < text.length; cut += 41) {
      try {
        validateDocument(importArgdown(text.slice(0, cut), { now: FIXED_NOW }));
      } catch (error) {
        expect(error).toBeInstanceOf(FormatError);
      }
    }
  });
  it("deep nesting: limited and positioned before the parser recurses", () => {
    const chain = (depth: number) =>
      "[Root]: r\n" + Array.from({ length: depth }, (_, i) => `${"  ".repeat(i + 1)}- <N${i}>: n${i}`).join("\n") + "\n";
    expect(formatError(() => importArgdown(chain(1_500), { now: FIXED_NOW }))).toMatchObject({ code: "TOO_DEEP", location: { line: ARGDOWN_MAX_NESTING + 2 } });
    expect(formatError(() => importArgdown(chain(50), { now: FIXED_NOW, limits: { maxDepth: 20 } }))).toMatchObject({ code: "TOO_DEEP", location: { line: 22 } });
    expect(importArgdown(chain(ARGDOWN_MAX_NESTING), { now: FIXED_NOW }).nodes).toHaveLength(ARGDOWN_MAX_NESTING + 1);
  });
  it("deep nesting in our own export: iterative, limited, positioned", () => {
    const chain = (depth: number) =>
      '[Root]: r {"bb":{}}\n' + Array.from({ length: depth }, (_, i) => `${"  ".repeat(i + 1)}- <N${i}>: n${i}`).join("\n") + "\n";
    const e = formatError(() => importArgdown(chain(1_500), { now: FIXED_NOW }));
    expect(e).toMatchObject({ code: "TOO_DEEP", location: { line: 1_002 } });
    expect(importArgdown(chain(3_000), { now: FIXED_NOW, limits: { maxDepth: 5_000 } }).nodes).toHaveLength(3_001);
  });
  it("node limit", () => {
    const many = "[Root]: r\n" + Array.from({ length: 20 }, (_, i) => `  - <N${i}>: n${i}`).join("\n");
    expect(formatError(() => importArgdown(many, { limits: { maxNodes: 10 } })).code).toBe("TOO_MANY_NODES");
  });
});

describe("Kialo import errors", () => {
  const cases: [string, string, string, number][] = [
    ["claim before its parent", "1. Thesis\n1.2.1. Con: orphan\n", "SYNTAX", 2],
    ["duplicate number", "1. Thesis\n1.1. Pro: a\n1.1. Con: b\n", "SYNTAX", 3],
    ["text before the thesis", "hello\n1. Thesis\n", "SYNTAX", 1],
    ["second thesis", "1. Thesis\n2. Another\n", "SYNTAX", 2],
    ["first claim not the thesis", "1.1. Pro: a\n", "SYNTAX", 1],
    ["malformed data", '1. Thesis\n1.1. Con: x {"bb":{"ref":}\n', "SYNTAX", 2],
    ["no claims", "Discussion Title: empty\n\n", "SYNTAX", 1],
  ];
  for (const [name, input, code, line] of cases) {
    it(name, () => {
      const e = formatError(() => importKialo(input, { now: FIXED_NOW }));
      expect(e).toMatchObject({ code, location: { line } });
      expect(e.location.column).toBeGreaterThanOrEqual(1);
    });
  }
  it("a 100,000-level claim number fails fast with TOO_DEEP", () => {
    const line = "1" + ".1".repeat(100_000) + ". Con: deep";
    const e = formatError(() => importKialo(`1. Thesis\n${line}\n`));
    expect(e).toMatchObject({ code: "TOO_DEEP", location: { line: 2, column: 1 } });
  });
  it("a 1,500-deep chain stops at the depth limit", () => {
    const lines = ["1. Thesis"];
    let n = "1";
    for (let i = 0; i < 1_500; i++) lines.push(`${(n += ".1")}. Con: level ${i}`);
    expect(formatError(() => importKialo(lines.join("\n"))).code).toBe("TOO_DEEP");
  });
  it("truncations are a whole valid document or a FormatError", async () => {
    const text = await exportText(demoDocument, "kialo", ROUND_TRIP);
    for (let cut = 0; cut < text.length; cut += 29) {
      try {
        validateDocument(importKialo(text.slice(0, cut), { now: FIXED_NOW }));
      } catch (error) {
        expect(error).toBeInstanceOf(FormatError);
      }
    }
  });
});

describe("hostile text stays inert text", () => {
  const hostile = `<script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>`;
  it("Kialo keeps it verbatim as a body", () => {
    const doc = importKialo(`Discussion Title: <b>t</b>\n\n1. ${hostile}\n1.1. Con: javascript:alert(2)\n`, { now: FIXED_NOW });
    expect(doc.nodes[0]!.body).toBe(hostile);
    expect(doc.nodes[1]!).toMatchObject({ body: "javascript:alert(2)", kind: "COUNTEREXAMPLE", side: "BREAKER" });
    expect(doc.debate.title).toBe("<b>t</b>");
  });
  it("Argdown keeps it verbatim when escaped, and hand-written maps infer kinds", () => {
    const doc = importArgdown(`# Plan\n\n[Plan]: Ship it\n  - <Risk>: It might fail\n    - <Fix>: Add tests\n  - <Q>: Why now?\n  + <Note>: ${hostile.replace(/[<>[\]()]/g, (c) => `\\${c}`)}\n`, { now: FIXED_NOW });
    const byTitle = new Map(doc.nodes.map((n) => [n.title, n]));
    expect(["Plan", "Risk", "Fix", "Q", "Note"].map((t) => [byTitle.get(t)!.kind, byTitle.get(t)!.side])).toEqual([
      ["PROPOSAL", "BUILDER"],
      ["COUNTEREXAMPLE", "BREAKER"],
      ["REBUTTAL", "BUILDER"],
      ["COUNTEREXAMPLE", "BREAKER"],
      ["SUPPORT", "BUILDER"],
    ]);
    expect(byTitle.get("Note")!.body).toBe(hostile);
    expect(doc.debate.title).toBe("Plan");
  });
  it("unknown formats are a FormatError", () => {
    expect(formatError(() => parseImport("x", "yaml" as ImportFormat)).code).toBe("UNSUPPORTED_FORMAT");
  });
});
