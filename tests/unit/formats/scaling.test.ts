// Every importer and exporter is linear in its input: the same work at 1×, 10×
// and 100× the size, timed (the fastest of several runs), must grow about 100×,
// not 10,000×. The bound is 2,000×: linear code measures 100–850× here (the 1×
// input fits the CPU caches, and the machine is shared: 850× at a load average
// of 25 on 2 cores), quadratic code 10,000× and more (the Argdown reader before
// this test: 21,000× for continuation lines, 28,000× for inner blanks). Besides
// whole debates, each case that once was (or could be) super-linear has its own
// shape: Argdown continuation lines, long runs of blanks inside a line, long
// {…} data, Kialo continuation lines, a JSON document cut short, one huge body.
import { describe, expect, it } from "vitest";
import type { DebateDocument } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { EXPORT_FORMATS, exportDebate } from "@/lib/formats/export";
import { importArgdown, importJson, importKialo } from "@/lib/formats/import";
import { emptyNode } from "@/lib/formats/import/common";
import { sourceFromDocument } from "@/lib/formats/source";
import { largeSource } from "./large-source";
import { describeGrowth, drain, exportTextOf, measureGrowth, type Growth } from "./scaling";

const MAX_RATIO = 2_000;
/** Whole debates: 50, 500 and 5,000 nodes. */
const BASE_NODES = 50;

function expectLinear(name: string, growth: Growth) {
  console.info(`[scaling] ${describeGrowth(name, growth)}`);
  expect(growth.ratio100, describeGrowth(name, growth)).toBeLessThan(MAX_RATIO);
}

const FIXED = { now: new Date("2031-01-01T00:00:00.000Z") };

describe("importers grow linearly", () => {
  for (const format of ["json", "argdown", "kialo"] as const) {
    const parse = { json: importJson, argdown: importArgdown, kialo: importKialo }[format];
    it(`${format}: whole debates`, { timeout: 120_000 }, async () => {
      const growth = await measureGrowth(
        (scale) => exportTextOf(BASE_NODES * scale, format),
        (text) => parse(text, FIXED),
      );
      expectLinear(`${format} import`, growth);
    });
  }

  it("argdown: an element continued over many lines", { timeout: 120_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => `[Root]: first line\n${Array.from({ length: 200 * scale }, (_, i) => `continued on line ${i} with \\[escaped\\] words`).join("\n")}\n`,
      (text) => importArgdown(text, FIXED),
    );
    expectLinear("argdown continuation lines", growth);
  });

  it("argdown: long runs of blanks inside a line", { timeout: 120_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => `[Root]: a${" \t".repeat(500 * scale)}b\n  - <Reply>: c${" ".repeat(1000 * scale)}d   \n`,
      (text) => importArgdown(text, FIXED),
    );
    expectLinear("argdown inner blanks", growth);
  });

  it("argdown: long {…} data in YAML flow style", { timeout: 120_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => `[Root]: text {note: 'it''s ${"word ".repeat(2000 * scale)}', tags: [${Array.from({ length: 100 * scale }, (_, i) => `t${i}`).join(", ")}]}\n`,
      (text) => importArgdown(text, FIXED),
    );
    expectLinear("argdown flow data", growth);
  });

  it("kialo: a claim continued over many lines", { timeout: 120_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => `Discussion Title: T\n\n1. Thesis\n${Array.from({ length: 200 * scale }, (_, i) => `continued on line ${i} with \\\\ and \\n escapes`).join("\n")}\n`,
      (text) => importKialo(text, FIXED),
    );
    expectLinear("kialo continuation lines", growth);
  });

  it("json: a document cut short is located without quadratic work", { timeout: 120_000 }, async () => {
    const growth = await measureGrowth(
      async (scale) => {
        const text = await exportTextOf(BASE_NODES * scale, "json");
        return text.slice(0, text.length - 20); // "Unexpected end of JSON input": no position, so we find it
      },
      (text) => {
        try {
          importJson(text, FIXED);
        } catch (error) {
          if (error instanceof FormatError && error.code === "SYNTAX") return;
          throw error;
        }
        throw new Error("a truncated document was accepted");
      },
    );
    expectLinear("json truncated", growth);
  });
});

/** One debate whose proposal has a huge body (words, Markdown, blanks, line breaks) and one reply. */
function hugeBodyDocument(chars: number): DebateDocument {
  const at = "2025-01-01T00:00:00.000Z";
  const unit = "Word *emph* [link](x) <b>&amp; \\ {brace} \"quote\"   spaced\n";
  const body = unit.repeat(Math.ceil(chars / unit.length));
  const root = emptyNode({ ref: "r", parentRef: null, kind: "PROPOSAL", side: "BUILDER", authorRef: "u", title: body.slice(0, chars / 10), body, createdAt: at });
  const reply = emptyNode({ ref: "c", parentRef: "r", kind: "COUNTEREXAMPLE", side: "BREAKER", authorRef: "u", body, createdAt: at, quote: { text: body, start: 0, end: body.length } });
  return {
    format: "builder-breaker/2",
    exportedAt: at,
    debate: { title: body.slice(0, chars / 10), context: body, links: [], visibility: "PUBLIC", playMode: "OPEN", createdAt: at },
    participants: [{ ref: "u", displayName: "U", side: "BUILDER" }],
    versions: [{ number: 1, body, nodeRef: "r", authorRef: "u", createdAt: at }],
    links: [],
    nodes: [root, reply],
  };
}

describe("exporters grow linearly", () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format}: whole debates`, { timeout: 120_000 }, async () => {
      const growth = await measureGrowth(
        (scale) => BASE_NODES * scale,
        (nodes) => drain(exportDebate(largeSource(nodes), format)),
      );
      expectLinear(`${format} export`, growth);
    });

    it(`${format}: one huge body`, { timeout: 120_000 }, async () => {
      const growth = await measureGrowth(
        (scale) => hugeBodyDocument(2_000 * scale),
        (doc) => drain(exportDebate(sourceFromDocument(doc), format)),
      );
      expectLinear(`${format} export, huge body`, growth);
    });
  }
});
