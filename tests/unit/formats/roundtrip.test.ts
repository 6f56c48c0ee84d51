import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oneLine } from "@/lib/formats/escape";
import { importArgdown, importJson, importKialo } from "@/lib/formats/import";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { debateDocumentArb } from "./arbitraries";
import { argdownCarried, exportText, FIXED_NOW, kialoCarried, preorder, ROUND_TRIP } from "./helpers";

const runs = { numRuns: 80 };

describe("JSON round trip", () => {
  it("export → import → export is identical", async () => {
    await fc.assert(
      fc.asyncProperty(debateDocumentArb(), async (doc) => {
        const first = await exportText(doc, "json");
        const again = await exportText(importJson(first), "json");
        expect(again).toBe(first);
      }),
      runs,
    );
  });
  it("is lossless on the demo document (same content as the original)", async () => {
    const imported = importJson(await exportText(demoDocument, "json"));
    expect(imported.nodes).toEqual(preorder(demoDocument));
    expect({ ...imported, nodes: [] }).toEqual({ ...demoDocument, nodes: [] });
  });
});

describe("Argdown round trip", () => {
  // Found by the property below: a blank title made a bare "#" heading the importer misread.
  it.each(["\t", " ", "\n", "#", "# x"])("keeps a debate titled %j", async (title) => {
    const doc = { ...demoDocument, debate: { ...demoDocument.debate, title } };
    const imported = importArgdown(await exportText(doc, "argdown"), { now: FIXED_NOW });
    expect(imported.debate.title).toBe(title);
  });

  it("keeps structure, text, kind, side, status and metadata", async () => {
    await fc.assert(
      fc.asyncProperty(debateDocumentArb(), async (doc) => {
        const imported = importArgdown(await exportText(doc, "argdown"), { now: FIXED_NOW });
        expect(imported.nodes.map(argdownCarried)).toEqual(preorder(doc).map(argdownCarried));
        expect(imported.debate).toEqual(doc.debate);
        expect(imported.participants).toEqual(doc.participants);
        expect(imported.versions).toEqual(doc.versions);
        // …and it survives a second trip unchanged.
        const twice = importArgdown(await exportText(imported, "argdown"), { now: FIXED_NOW });
        expect(twice).toEqual(imported);
      }),
      runs,
    );
  });
});

describe("Kialo round trip", () => {
  it("keeps structure, text and (with data) kind, side, title and status", async () => {
    await fc.assert(
      fc.asyncProperty(debateDocumentArb(), async (doc) => {
        const imported = importKialo(await exportText(doc, "kialo", ROUND_TRIP), { now: FIXED_NOW });
        expect(imported.nodes.map(kialoCarried)).toEqual(preorder(doc).map(kialoCarried));
        expect(imported.debate.title).toBe(oneLine(doc.debate.title).trim());
      }),
      runs,
    );
  });
});
