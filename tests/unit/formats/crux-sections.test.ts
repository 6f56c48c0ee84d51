// The optional crux-ledger and summaries sections of the canonical document: the zod
// schema and its JSON Schema twin both accept them, a round trip through the JSON
// exporter keeps them, and Markdown shows the endorsed summary and the ledger.
import { describe, expect, it } from "vitest";
import { validateDocument, type DebateDocument } from "@/lib/formats/document";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { validateWithJsonSchema } from "./external-parsers";
import { exportText } from "./helpers";

function withSections(doc: DebateDocument): DebateDocument {
  const claim = doc.nodes.find((n) => n.parentRef !== null)!;
  const [a, b] = doc.participants;
  const at = "2026-12-06T12:00:00.000Z";
  return {
    ...doc,
    cruxLedger: [
      {
        nodeRef: claim.ref,
        estimates: [
          { userRef: a!.ref, side: "BUILDER", credence: 0.8, ifTrue: 0.9, ifFalse: 0.3, createdAt: at },
          { userRef: b!.ref, side: "BREAKER", credence: 0.2, ifTrue: 0.7, ifFalse: 0.1, createdAt: at },
        ],
        followUps: [{ userRef: b!.ref, claimTrue: false, credence: 0.1, confirmed: true, createdAt: "2026-12-06T13:00:00.000Z" }],
        figures: {
          doubleCrux: true,
          expectedBeliefChange: 0.33,
          verdict: { claimTrue: false, via: "empirical", at: "2026-12-06T12:30:00.000Z" },
          outcome: "moved",
          people: [
            { userRef: a!.ref, stake: 0.6, expectedMove: 0.17, precommittedUpdate: -0.5, actualUpdate: null, confirmed: null },
            { userRef: b!.ref, stake: 0.6, expectedMove: 0.16, precommittedUpdate: -0.1, actualUpdate: -0.1, confirmed: true },
          ],
        },
      },
    ],
    summaries: [
      {
        authorRef: a!.ref,
        versionNumber: null,
        body: "Where it stands: **one** live counterexample.",
        revision: 2,
        endorsed: true,
        pinned: true,
        endorsements: [
          { userRef: a!.ref, side: "BUILDER", createdAt: at },
          { userRef: b!.ref, side: "BREAKER", createdAt: at },
        ],
        createdAt: at,
        updatedAt: at,
      },
    ],
  };
}

describe("optional crux sections", () => {
  const doc = withSections(demoDocument);

  it("both schemas accept a document with and without them, and refuse a credence outside 0–1", () => {
    expect(() => validateDocument(doc)).not.toThrow();
    expect(validateWithJsonSchema(doc), JSON.stringify(validateWithJsonSchema.errors)).toBe(true);
    expect(validateWithJsonSchema(demoDocument)).toBe(true);
    const bad = structuredClone(doc);
    bad.cruxLedger![0]!.estimates[0]!.ifTrue = 1.5;
    expect(() => validateDocument(bad)).toThrow();
    expect(validateWithJsonSchema(bad)).toBe(false);
  });

  it("the JSON exporter writes them (only when present) and reads back equal", async () => {
    const json = await exportText(doc, "json");
    expect(JSON.parse(json)).toMatchObject({ cruxLedger: doc.cruxLedger, summaries: doc.summaries });
    expect(Object.keys(JSON.parse(json) as object)).toEqual(["format", "exportedAt", "debate", "participants", "versions", "links", "cruxLedger", "summaries", "nodes"]);
    expect(await exportText(demoDocument, "json")).not.toContain("cruxLedger");
  });

  it("Markdown shows the pinned summary and the ledger with pre-committed vs actual", async () => {
    const md = await exportText(doc, "markdown");
    expect(md).toContain("## Summary");
    expect(md).toContain("*Pinned summary by");
    expect(md).toContain("## Crux ledger");
    expect(md).toMatch(/\*\*double crux\*\* · expected belief change 33 pts · settled false \(empirical\)/);
    expect(md).toContain("pre-committed −10 pts · actual −10 pts (confirmed)");
    expect(md).toContain("not answered yet");
  });
});
