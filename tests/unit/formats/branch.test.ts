// A branch (subtree) export imports as a debate of its own: the branch root
// becomes the proposal (version 1 = its body), descendants keep everything but
// their target versions, and the context says where the debate came from.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { branchAsDebate, branchTitle, isBranchDocument } from "@/lib/formats/branch";
import { validateDocument, type DebateDocument, type NodeRecord } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { collect, exportDebate, type ExportFormat } from "@/lib/formats/export";
import { importArgdown, importJson, importKialo, parseImport } from "@/lib/formats/import";
import { orderDepthFirst, sourceFromDocument } from "@/lib/formats/source";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { debateDocumentArb } from "./arbitraries";
import { argdownCarried, exportText, FIXED_NOW, kialoCarried, ROUND_TRIP } from "./helpers";

const runs = { numRuns: 60 };
const clone = (d: DebateDocument) => structuredClone(d) as DebateDocument;

function branchText(doc: DebateDocument, rootRef: string, format: ExportFormat): Promise<string> {
  return collect(exportDebate(sourceFromDocument(doc, { rootRef }), format, ROUND_TRIP));
}

/** The rule of docs/formats.md, written out independently of lib/formats/branch.ts. */
function expectedDebate(original: DebateDocument, rootRef: string): Omit<DebateDocument, "debate"> & { debate: Omit<DebateDocument["debate"], "title" | "context"> } {
  const subtree = orderDepthFirst(original.nodes, rootRef);
  const inside = new Set(subtree.map((n) => n.ref));
  const nodes = subtree.map((n, i): NodeRecord => {
    const kept = {
      ...n,
      targetVersions: [],
      answersRefs: n.answersRefs.filter((r) => inside.has(r)),
      pruneEvents: n.pruneEvents.map((e) => ({ ...e, duplicateOfRef: e.duplicateOfRef !== null && inside.has(e.duplicateOfRef) ? e.duplicateOfRef : null })),
    };
    if (i > 0) return kept;
    return { ...kept, parentRef: null, kind: "PROPOSAL", side: n.side === "OBSERVER" ? "BUILDER" : n.side, quote: null, answersRefs: [] };
  });
  const root = subtree[0]!;
  const { title: _title, context: _context, ...meta } = original.debate;
  return {
    format: original.format,
    exportedAt: original.exportedAt,
    debate: { ...meta, createdAt: root.createdAt },
    participants: original.participants,
    versions: [{ number: 1, body: root.body, nodeRef: root.ref, authorRef: root.authorRef, createdAt: root.createdAt }],
    links: original.links.filter((l) => inside.has(l.fromRef) && inside.has(l.toRef)),
    nodes,
  };
}

const withoutTitleAndContext = (doc: DebateDocument) => {
  const { title: _title, context: _context, ...meta } = doc.debate;
  return { ...doc, debate: meta };
};

/** A document and one of its non-root nodes. */
const branchCase = debateDocumentArb()
  .filter((doc) => doc.nodes.length > 1)
  .chain((doc) => fc.record({ doc: fc.constant(doc), rootRef: fc.constantFrom(...doc.nodes.slice(1).map((n) => n.ref)) }));

describe("a branch export is refused as a debate document but imports as a debate of its own", () => {
  it("on the demo document: the counterexample branch becomes a debate whose proposal is the counterexample", async () => {
    const text = await branchText(demoDocument, "n-ce-1", "json");
    const file = JSON.parse(text) as DebateDocument;
    expect(isBranchDocument(file)).toBe(true);
    expect(() => validateDocument(file)).toThrow(/\$\.nodes\[0\]\.kind: root node is a COUNTEREXAMPLE/);

    const doc = importJson(text);
    expect(doc.nodes.map((n) => [n.ref, n.parentRef, n.kind, n.side])).toEqual([
      ["n-ce-1", null, "PROPOSAL", "BREAKER"],
      ["n-patch-1", "n-ce-1", "PATCH", "BUILDER"],
      ["n-reb-1", "n-patch-1", "REBUTTAL", "BREAKER"],
    ]);
    const original = demoDocument.nodes.find((n) => n.ref === "n-ce-1")!;
    expect(doc.nodes[0]).toEqual({ ...original, parentRef: null, kind: "PROPOSAL", quote: null, targetVersions: [], answersRefs: [] });
    // Version 2 (written by the patch) was a version of the other debate's proposal: only v1 = the root's body remains.
    expect(file.versions.map((v) => v.number)).toEqual([2]);
    expect(doc.versions).toEqual([{ number: 1, body: original.body, nodeRef: "n-ce-1", authorRef: original.authorRef, createdAt: original.createdAt }]);
    expect(doc.debate).toEqual({
      ...demoDocument.debate,
      title: "Deception that looks like honest uncertainty",
      context: `Imported from a branch of the debate “Catching deceptive answers with a trusted monitor”, where this proposal was a counterexample.\n\n${demoDocument.debate.context}`,
      createdAt: original.createdAt,
    });
    expect(doc.participants).toEqual(demoDocument.participants);
  });

  it("JSON: export branch → import → export gives the branch as a debate, and another trip changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(branchCase, async ({ doc, rootRef }) => {
        const first = await branchText(doc, rootRef, "json");
        const imported = importJson(first);
        expect(withoutTitleAndContext(imported)).toEqual(expectedDebate(doc, rootRef));
        const root = doc.nodes.find((n) => n.ref === rootRef)!;
        expect(imported.debate.title).toBe(branchTitle(root, doc.debate.title));
        expect(imported.debate.context).toMatch(/^Imported from a branch of /);
        if (doc.debate.context.trim()) expect(imported.debate.context.endsWith(`\n\n${doc.debate.context}`)).toBe(true);

        const second = await exportText(imported, "json");
        expect(isBranchDocument(JSON.parse(second) as DebateDocument)).toBe(false);
        expect(await exportText(importJson(second), "json")).toBe(second);
      }),
      runs,
    );
  });

  it("Argdown and Kialo branch exports import as the same debate as the JSON one (as far as each format carries)", async () => {
    await fc.assert(
      fc.asyncProperty(branchCase, async ({ doc, rootRef }) => {
        const fromJson = importJson(await branchText(doc, rootRef, "json"));
        const fromArgdown = importArgdown(await branchText(doc, rootRef, "argdown"), { now: FIXED_NOW });
        expect(fromArgdown.nodes.map(argdownCarried)).toEqual(fromJson.nodes.map(argdownCarried));
        expect(fromArgdown.debate).toEqual(fromJson.debate);
        expect(fromArgdown.participants).toEqual(fromJson.participants);
        expect(fromArgdown.versions).toEqual(fromJson.versions);

        const fromKialo = importKialo(await branchText(doc, rootRef, "kialo"), { now: FIXED_NOW });
        expect(fromKialo.nodes.map(kialoCarried)).toEqual(fromJson.nodes.map(kialoCarried));
        expect(fromKialo.versions).toEqual([{ number: 1, body: fromKialo.nodes[0]!.body, nodeRef: rootRef, authorRef: fromKialo.nodes[0]!.authorRef, createdAt: fromKialo.nodes[0]!.createdAt }]);
        expect(fromKialo.debate.context).toMatch(/^Imported from a branch of /);
      }),
      runs,
    );
  });

  it("a whole debate is left exactly as it is", () => {
    fc.assert(
      fc.property(debateDocumentArb(), (doc) => {
        expect(isBranchDocument(doc)).toBe(false);
        expect(branchAsDebate(doc)).toBe(doc);
      }),
      runs,
    );
  });
});

describe("the details of the rule", () => {
  const branch = async (rootRef: string, edit: (d: DebateDocument) => void = () => {}) => {
    const doc = clone(demoDocument);
    edit(doc);
    return parseImport(await branchText(doc, rootRef, "json"), "json");
  };

  it("an observer's move becomes the Builder's proposal; every other side is kept", async () => {
    const question = await branch("n-q-1");
    expect(question.nodes[0]).toMatchObject({ kind: "PROPOSAL", side: "BUILDER", authorRef: "u-cy" });
    const rebuttal = await branch("n-reb-2");
    expect(rebuttal.nodes[0]).toMatchObject({ kind: "PROPOSAL", side: "BUILDER" });
    const patchBranch = await branch("n-patch-1");
    expect(patchBranch.nodes.map((n) => n.side)).toEqual(["BUILDER", "BREAKER"]);
  });

  it("keeps the root's status, history and empirical record", async () => {
    const doc = await branch("n-ce-2");
    const original = demoDocument.nodes.find((n) => n.ref === "n-ce-2")!;
    const root = doc.nodes[0]!;
    expect(root.resolutionMode).toBe(original.resolutionMode);
    expect(root.outcome).toBe(original.outcome);
    expect(root.experiment).toEqual(original.experiment);
    expect(root.predictions).toEqual(original.predictions);
    expect(root.resolutions).toEqual(original.resolutions);
    expect(root.cruxes).toEqual(original.cruxes);
    expect(root.targetVersions).toEqual([]); // it targeted versions 1 and 2 of the other proposal
  });

  it("descendants keep pruned, retracted and accepted state", async () => {
    const doc = await branch("n-ce-1", (d) => {
      const reb = d.nodes.find((n) => n.ref === "n-reb-1")!;
      reb.prunedAt = "2025-03-05T10:00:00.000Z";
      reb.retractedAt = "2025-03-05T11:00:00.000Z";
      reb.acceptedAt = "2025-03-05T12:00:00.000Z";
      reb.acceptedByRef = "u-ada";
    });
    expect(doc.nodes[2]).toMatchObject({ prunedAt: "2025-03-05T10:00:00.000Z", retractedAt: "2025-03-05T11:00:00.000Z", acceptedAt: "2025-03-05T12:00:00.000Z", acceptedByRef: "u-ada" });
  });

  it("titles: the root's title, else the first line of its body, else 'Branch of …'; at most 200 characters", () => {
    expect(branchTitle({ title: "Own title", body: "Body" }, "Debate")).toBe("Own title");
    expect(branchTitle({ title: "  ", body: "\n\n  First line  \nSecond" }, "Debate")).toBe("First line");
    expect(branchTitle({ title: "", body: " \n " }, "Debate")).toBe("Branch of Debate");
    expect(branchTitle({ title: "", body: "" }, "  ")).toBe("Imported branch");
    const long = branchTitle({ title: "", body: "🧪".repeat(150) }, "Debate");
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith("…")).toBe(true);
    expect(long.slice(0, -1)).toBe("🧪".repeat(99)); // never half a surrogate pair
  });

  it("names 'another debate' when the original title is blank, and keeps no empty context", async () => {
    const doc = await branch("n-c-1", (d) => {
      d.debate.title = " ";
      d.debate.context = "";
    });
    expect(doc.debate.context).toBe("Imported from a branch of another debate, where this proposal was a comment.");
  });

  it("a file with two roots or a dangling reference is still refused with its position", () => {
    const two = clone(demoDocument);
    two.nodes[0]!.kind = "COMMENT";
    two.nodes[2]!.parentRef = null;
    // Not one branch root: nothing is converted and integrity refuses it as before.
    const error = (() => {
      try {
        importJson(JSON.stringify(two));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FormatError);
    expect(error).toMatchObject({ code: "INTEGRITY", location: { path: expect.stringMatching(/^\$\.nodes\[[02]\]\./) } });
    const dangling = clone(demoDocument);
    dangling.nodes[0]!.kind = "QUESTION";
    dangling.nodes[3]!.answersRefs = ["n-gone"];
    expect(() => importJson(JSON.stringify(dangling))).toThrow(/\$\.nodes\[3\]\.answersRefs\[0\]/);
  });

  it("a hand-written Argdown or Kialo file is unaffected (its root is the proposal already)", () => {
    const argdown = importArgdown("[Claim]: We should cache.\n  - <Stale>: Readers see old data.\n", { now: FIXED_NOW });
    expect(argdown.debate.context).toBe("");
    const kialo = importKialo("Discussion Title: Cache?\n\n1. We should cache.\n1.1. Con: Stale reads.\n", { now: FIXED_NOW });
    expect(kialo.debate.title).toBe("Cache?");
    expect(kialo.nodes[0]!.kind).toBe("PROPOSAL");
  });
});
