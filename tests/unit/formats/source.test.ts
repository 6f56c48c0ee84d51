import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateDocument } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { collect, exportDebate } from "@/lib/formats/export";
import { parseImport, type ImportFormat } from "@/lib/formats/import";
import { documentFromSource, sourceFromDocument } from "@/lib/formats/source";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { FIXED_NOW } from "./helpers";

describe("sourceFromDocument", () => {
  it("delivers depth-first pre-order, siblings by createdAt", async () => {
    const shuffled = { ...demoDocument, nodes: [...demoDocument.nodes].reverse() };
    const doc = await documentFromSource(sourceFromDocument(shuffled));
    expect(doc.nodes.map((n) => n.ref)).toEqual(["n-root", "n-ce-1", "n-patch-1", "n-reb-1", "n-ce-2", "n-sup-1", "n-q-1", "n-ce-3", "n-reb-2", "n-c-1"]);
  });
  it("exports a subtree rooted at a ref", async () => {
    const doc = await documentFromSource(sourceFromDocument(demoDocument, { rootRef: "n-ce-1" }));
    expect(doc.nodes.map((n) => n.ref)).toEqual(["n-ce-1", "n-patch-1", "n-reb-1"]);
    expect(doc.nodes[0]!.parentRef).toBeNull();
    expect(doc.versions.map((v) => v.number)).toEqual([2]);
    const md = await collect(exportDebate(sourceFromDocument(demoDocument, { rootRef: "n-ce-1" }), "markdown"));
    expect(md).toContain("Scratchpads need not be faithful");
    expect(md).not.toContain("Humans rubber");
  });
  it("an unknown subtree root is a FormatError", () => {
    expect(() => sourceFromDocument(demoDocument, { rootRef: "nope" })).toThrow(FormatError);
  });
});

describe("exporters check the pre-order contract", () => {
  it("a child before its parent is an ORDER error", async () => {
    const source = { ...sourceFromDocument(demoDocument), nodes: [demoDocument.nodes[0]!, demoDocument.nodes[2]!, demoDocument.nodes[1]!] };
    for (const format of ["json", "markdown", "argdown"] as const) {
      const run = collect(exportDebate(source, format));
      if (format === "json") await expect(run).resolves.toBeTypeOf("string"); // JSON copies nodes verbatim
      else await expect(run).rejects.toMatchObject({ code: "ORDER" });
    }
  });
});

describe("importers never crash on arbitrary text", () => {
  it("returns a valid document or throws FormatError", { timeout: 60_000 }, () => {
    const input = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.array(fc.constantFrom("1.", "1.1.", " Pro:", " Con:", "[A]:", "<B>:", "  -", "  +", "_ ", "{", "}", '{"bb":', "===", "\n", "x", "\\", '"', "#", "//", "/*"), { maxLength: 40 }).map((p) => p.join("")),
    );
    fc.assert(
      fc.property(input, fc.constantFrom<ImportFormat>("json", "argdown", "kialo"), (text, format) => {
        try {
          validateDocument(parseImport(text, format, { now: FIXED_NOW }));
        } catch (error) {
          if (!(error instanceof FormatError)) throw error;
        }
      }),
      { numRuns: 1500 },
    );
  });
});
