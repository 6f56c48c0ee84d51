import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DebateDocumentSchema, validateDocument, type DebateDocument } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { debateDocumentArb } from "./arbitraries";
import { validateWithJsonSchema } from "./external-parsers";

const clone = (d: DebateDocument) => structuredClone(d) as DebateDocument;

function expectFormatError(fn: () => unknown, code: string, path: string | RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    const e = error as FormatError;
    expect(e.code).toBe(code);
    if (typeof path === "string") expect(e.location.path).toBe(path);
    else expect(e.location.path).toMatch(path);
    return e;
  }
  throw new Error("expected a FormatError");
}

describe("DebateDocumentSchema and the JSON Schema agree", () => {
  it("the demo document is valid for zod, ajv and integrity", () => {
    expect(validateDocument(demoDocument)).toBeTruthy();
    expect(validateWithJsonSchema(demoDocument), JSON.stringify(validateWithJsonSchema.errors)).toBe(true);
  });

  it("generated documents are valid for both", () => {
    fc.assert(
      fc.property(debateDocumentArb(), (doc) => {
        expect(DebateDocumentSchema.safeParse(doc).success).toBe(true);
        expect(validateWithJsonSchema(doc), JSON.stringify(validateWithJsonSchema.errors)).toBe(true);
        validateDocument(doc);
      }),
      { numRuns: 60 },
    );
  });

  // Each mutation breaks one rule; both validators must reject it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutations poke at arbitrary paths
  const mutations: [string, (d: any) => void][] = [
    ["wrong format", (d) => (d.format = "builder-breaker/3")],
    ["extra top-level key", (d) => (d.extra = 1)],
    ["missing nodes", (d) => delete d.nodes],
    ["bad kind", (d) => (d.nodes[1].kind = "ESSAY")],
    ["bad side", (d) => (d.participants[0].side = "referee")],
    ["timestamp with offset", (d) => (d.nodes[0].createdAt = "2025-03-01T10:00:00+01:00")],
    ["date only", (d) => (d.debate.createdAt = "2025-03-01")],
    ["probability above 1", (d) => (d.nodes[4].predictions[0].probability = 1.5)],
    ["fractional version", (d) => (d.versions[0].number = 1.5)],
    ["negative quote start", (d) => (d.nodes[1].quote.start = -1)],
    ["null title", (d) => (d.nodes[1].title = null)],
    ["unknown node key", (d) => (d.nodes[2].score = 3)],
    ["empty ref", (d) => (d.nodes[2].ref = "")],
    ["promise above 100", (d) => (d.nodes[6].pruneEvents[0].promise = 101)],
    ["link without title", (d) => delete d.debate.links[0].title],
    ["experiment status", (d) => (d.nodes[4].experiment.status = "DONE")],
  ];
  for (const [name, mutate] of mutations) {
    it(`rejects: ${name}`, () => {
      const d = clone(demoDocument);
      mutate(d);
      expect(DebateDocumentSchema.safeParse(d).success).toBe(false);
      expect(validateWithJsonSchema(d)).toBe(false);
      expectFormatError(() => validateDocument(d), "SCHEMA", /^\$/);
    });
  }

  it("mutated generated documents are rejected by both or accepted by both", () => {
    fc.assert(
      fc.property(debateDocumentArb({ maxNodes: 5 }), fc.nat(), fc.constantFrom<unknown>(null, 7, "x", [], {}, -1, 1.5, "2025-01-01T00:00:00Z"), (doc, pick, junk) => {
        // Replace one leaf value somewhere in the document with junk.
        const paths: (string | number)[][] = [];
        const walk = (v: unknown, path: (string | number)[]) => {
          if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
          else paths.push(path);
        };
        walk(doc, []);
        const path = paths[pick % paths.length]!;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks an arbitrary path
        let target: any = doc;
        for (const k of path.slice(0, -1)) target = target[k];
        target[path[path.length - 1]!] = junk;
        expect(DebateDocumentSchema.safeParse(doc).success).toBe(validateWithJsonSchema(doc) as boolean);
      }),
      { numRuns: 300 },
    );
  });
});

describe("referential integrity", () => {
  it("names the path of a missing parent", () => {
    const d = clone(demoDocument);
    d.nodes[3]!.parentRef = "ghost";
    const e = expectFormatError(() => validateDocument(d), "INTEGRITY", "$.nodes[3].parentRef");
    expect(e.message).toContain("ghost");
  });
  it("requires exactly one root, and it is a PROPOSAL", () => {
    const two = clone(demoDocument);
    two.nodes[2]!.parentRef = null;
    expectFormatError(() => validateDocument(two), "INTEGRITY", "$.nodes[2].parentRef");
    const notProposal = clone(demoDocument);
    notProposal.nodes[0]!.kind = "COMMENT";
    expectFormatError(() => validateDocument(notProposal), "INTEGRITY", "$.nodes[0].kind");
    const none = clone(demoDocument);
    none.nodes = [];
    expectFormatError(() => validateDocument(none), "INTEGRITY", "$.nodes");
  });
  it("rejects cycles", () => {
    const d = clone(demoDocument);
    d.nodes[2]!.parentRef = "n-reb-1"; // patch <- rebuttal <- patch
    expectFormatError(() => validateDocument(d), "INTEGRITY", /^\$\.nodes\[(2|3)\]\.parentRef$/);
  });
  it("rejects duplicate refs and unknown people or nodes", () => {
    const dup = clone(demoDocument);
    dup.nodes[5]!.ref = "n-ce-1";
    expectFormatError(() => validateDocument(dup), "INTEGRITY", "$.nodes[5].ref");
    const author = clone(demoDocument);
    author.nodes[1]!.authorRef = "u-nobody";
    expectFormatError(() => validateDocument(author), "INTEGRITY", "$.nodes[1].authorRef");
    const answers = clone(demoDocument);
    answers.nodes[2]!.answersRefs = ["n-missing"];
    expectFormatError(() => validateDocument(answers), "INTEGRITY", "$.nodes[2].answersRefs[0]");
    const version = clone(demoDocument);
    version.versions[1]!.nodeRef = "n-missing";
    expectFormatError(() => validateDocument(version), "INTEGRITY", "$.versions[1].nodeRef");
    const dupVersion = clone(demoDocument);
    dupVersion.versions[1]!.number = 1;
    expectFormatError(() => validateDocument(dupVersion), "INTEGRITY", "$.versions[1].number");
  });
  it("enforces the depth limit without recursion on a 100k chain", () => {
    const base = demoDocument.nodes[0]!;
    const nodes = Array.from({ length: 100_000 }, (_, i) => ({ ...base, ref: `c${i}`, parentRef: i === 0 ? null : `c${i - 1}`, kind: i === 0 ? "PROPOSAL" : "COMMENT" }));
    const d = { ...clone(demoDocument), versions: [], nodes } as DebateDocument;
    expectFormatError(() => validateDocument(d), "TOO_DEEP", /^\$\.nodes\[\d+\]$/);
    expect(validateDocument(d, { maxDepth: 200_000 }).nodes.length).toBe(100_000);
  });
});
