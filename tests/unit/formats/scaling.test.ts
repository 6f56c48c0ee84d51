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
import { importAif, importArgdown, importJson, importKialo, importThread } from "@/lib/formats/import";
import { importOwnArgdown } from "@/lib/formats/import/argdown";
import { emptyNode } from "@/lib/formats/import/common";
import { sourceFromDocument } from "@/lib/formats/source";
import { largeSource } from "./large-source";
import { describeGrowth, drain, exportTextOf, measureGrowth, type Growth } from "./scaling";

const MAX_RATIO = 2_000;

/** A third-party style map: `units` groups of a claim with supports, attacks, an undercut and a premise–conclusion argument. */
function thirdPartyArgdown(units: number): string {
  const out = ["===", "title: Scaling", "===", "", "[Main]: The main claim.", ""];
  for (let i = 0; i < units; i++) {
    out.push(`[C${i}]: Claim ${i} #tag${i % 7}`, "  +> [Main]", `  + <For${i}>: a reason for ${i}`, `  - <Against${i}>: a reason against ${i}`, `    _ [U${i}]: an undercut`, "");
    out.push(`<Arg${i}>`, "", `(1) [P${i}]: premise ${i}`, "(2) another premise", "----", `(3) [C${i}]`, "");
  }
  return out.join("\n");
}
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

  it("argdown (our export's line reader): an element continued over many lines", { timeout: 120_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => `[Root]: first line\n${Array.from({ length: 200 * scale }, (_, i) => `continued on line ${i} with \\[escaped\\] words`).join("\n")}\n`,
      (text) => importOwnArgdown(text, FIXED),
    );
    expectLinear("argdown continuation lines", growth);
  });

  it("argdown (third-party, @argdown/core): many statements, relations and arguments", { timeout: 300_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => thirdPartyArgdown(20 * scale),
      (text) => importArgdown(text, FIXED),
    );
    expectLinear("argdown third-party map", growth);
  });

  it("argdown (third-party): an element continued over too many lines is refused before the parser's quadratic step", { timeout: 120_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => `[Root]: first line\n${Array.from({ length: 200 * scale }, (_, i) => `continued on line ${i} with \\[escaped\\] words`).join("\n")}\n`,
      (text) => {
        try {
          importArgdown(text, FIXED);
        } catch (error) {
          if (!(error instanceof FormatError)) throw error;
        }
      },
    );
    expectLinear("argdown third-party continuation lines", growth);
  });

  it("argdown (line reader): long runs of blanks inside a line", { timeout: 120_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => `[Root]: a${" \t".repeat(500 * scale)}b\n  - <Reply>: c${" ".repeat(1000 * scale)}d   \n`,
      (text) => importOwnArgdown(text, FIXED),
    );
    expectLinear("argdown inner blanks", growth);
  });

  it("argdown (line reader): long {…} data in YAML flow style", { timeout: 120_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => `[Root]: text {note: 'it''s ${"word ".repeat(2000 * scale)}', tags: [${Array.from({ length: 100 * scale }, (_, i) => `t${i}`).join(", ")}]}\n`,
      (text) => importOwnArgdown(text, FIXED),
    );
    expectLinear("argdown flow data", growth);
  });

  it("aif: our AIF export of whole debates", { timeout: 300_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => exportTextOf(BASE_NODES * scale, "aif"),
      (text) => importAif(text, FIXED),
    );
    expectLinear("aif import", growth);
  });

  it("thread: paragraphs quoting earlier ones (block quotes and inline quotations)", { timeout: 300_000 }, async () => {
    const growth = await measureGrowth(
      (scale) => {
        const out: string[] = ["**Host**", "The opening post says that every paragraph 0 has its own words."];
        for (let i = 1; i < 40 * scale; i++) {
          const quoted = Math.floor(i / 2);
          out.push("", i % 3 ? `Reader${i % 7}:` : "---", i % 2 ? `> every paragraph ${quoted} has` : `As "every paragraph ${quoted} has" shows,`, `here every paragraph ${i} has its own words and more.`);
        }
        return out.join("\n");
      },
      (text) => importThread(text, FIXED),
    );
    expectLinear("thread import", growth);
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
