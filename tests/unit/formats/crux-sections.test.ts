// The optional crux-ledger, summaries and rounds sections of the canonical document: the
// zod schema and its JSON Schema twin both accept them, a round trip through the JSON
// exporter keeps them, and Markdown shows the endorsed summary, the ledger and the rounds.
import { describe, expect, it } from "vitest";
import { validateDocument, type DebateDocument, type RoundRecord } from "@/lib/formats/document";
import { importJson } from "@/lib/formats/import/json";
import { collect, exportDebate } from "@/lib/formats/export";
import { sourceFromDocument } from "@/lib/formats/source";
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

/** One finalised round around the first patch: its entries by node time, one verdict by a judge who did not write it. */
function withRound(doc: DebateDocument): DebateDocument {
  const patch = doc.nodes.find((n) => n.kind === "PATCH")!;
  const openedAt = doc.nodes.filter((n) => n.kind === "COUNTEREXAMPLE").map((n) => n.createdAt).sort()[0]!;
  const deadline = new Date(Date.parse(patch.createdAt) + 60_000).toISOString();
  const entryRefs = doc.nodes.filter((n) => (n.kind === "PATCH" || n.kind === "COUNTEREXAMPLE") && n.createdAt >= openedAt && n.createdAt < deadline).map((n) => n.ref);
  const judge = doc.participants.find((p) => p.ref !== patch.authorRef)!.ref;
  const round: RoundRecord = {
    number: 1,
    title: "First round",
    rubric: "Does the patch handle every counterexample so far?",
    openedByRef: doc.participants[0]!.ref,
    openedAt,
    deadline,
    finalisedAt: new Date(Date.parse(deadline) + 3_600_000).toISOString(),
    judgeRefs: [judge],
    entryRefs,
    verdicts: [{ nodeRef: patch.ref, judgeRef: judge, verdict: "HOLDS", reason: "Every counterexample so far is answered.", createdAt: deadline, updatedAt: deadline }],
  };
  return { ...withSections(doc), rounds: [round] };
}

describe("optional rounds section", () => {
  const doc = withRound(demoDocument);

  it("both schemas accept it; the integrity check refuses a verdict by a non-judge, on one's own patch, and entries that disagree with node times", () => {
    expect(() => validateDocument(doc)).not.toThrow();
    expect(validateWithJsonSchema(doc), JSON.stringify(validateWithJsonSchema.errors)).toBe(true);
    const broken = (change: (r: RoundRecord) => void) => {
      const bad = structuredClone(doc);
      change(bad.rounds![0]!);
      return () => validateDocument(bad);
    };
    const patchAuthor = doc.nodes.find((n) => n.ref === doc.rounds![0]!.verdicts[0]!.nodeRef)!.authorRef;
    expect(broken((r) => (r.verdicts[0]!.judgeRef = patchAuthor))).toThrow(/not a judge/);
    expect(broken((r) => { r.judgeRefs.push(patchAuthor); r.verdicts[0]!.judgeRef = patchAuthor; })).toThrow(/their own patch/);
    expect(broken((r) => r.entryRefs.pop())).toThrow(/not listed/);
    expect(broken((r) => r.entryRefs.push(doc.nodes[0]!.ref))).toThrow(/not a patch or counterexample created while the round was open/);
    expect(broken((r) => (r.deadline = r.openedAt))).toThrow(/deadline/);
    expect(broken((r) => (r.verdicts[0]!.verdict = "MAYBE" as never))).toThrow();
    const twice = structuredClone(doc);
    twice.rounds!.push(structuredClone(twice.rounds![0]!));
    expect(() => validateDocument(twice)).toThrow(/duplicate round number/);
  });

  it("export → import → export is equal on the crux ledger, summaries and rounds", async () => {
    const first = await exportText(doc, "json");
    const parsed = JSON.parse(first) as DebateDocument;
    expect(Object.keys(parsed)).toEqual(["format", "exportedAt", "debate", "participants", "versions", "links", "cruxLedger", "summaries", "rounds", "nodes"]);
    const reimported = importJson(first);
    const second = await exportText(reimported, "json");
    expect(second).toBe(first);
    expect(reimported.rounds).toEqual(doc.rounds);
  });

  it("Markdown has a Rounds section with the results", async () => {
    const md = await exportText(doc, "markdown");
    expect(md).toContain("## Rounds");
    expect(md).toContain("### Round 1: First round");
    expect(md).toMatch(/results final since \d{4}-\d{2}-\d{2} · judges: /);
    expect(md).toContain("> Does the patch handle every counterexample so far?");
    expect(md).toContain(": **Handles every counterexample so far**. Every counterexample so far is answered.");
    expect(md.indexOf("## Rounds")).toBeGreaterThan(md.indexOf("## Crux ledger"));
    // A branch leaves rounds out, like summaries.
    const branch = await collect(exportDebate(sourceFromDocument(doc, { rootRef: "n-ce-1" }), "json"));
    expect(branch).not.toContain('"rounds"');
    expect(branch).not.toContain('"summaries"');
  });
});
