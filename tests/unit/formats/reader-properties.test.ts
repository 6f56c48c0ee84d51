// Property tests over generated third-party inputs (not our own exports): Kialo outlines in both
// variants and raw AIF graphs (any shape, cycles included). Each reader either gives a valid
// document whose counts equal the input's or a positioned FormatError, and its result survives
// import → export → import. Plus round trips of the hand-written Kialo and thread fixtures.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DebateDocument } from "@/lib/formats/document";
import { validateDocument } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { escapeKialo } from "@/lib/formats/escape";
import { importAif, importJson, importKialo, importThread } from "@/lib/formats/import";
import { stanceTowardParent } from "@/lib/formats/semantics";
import { exportText, FIXED_NOW, ROUND_TRIP } from "./helpers";

const word = fc.constantFrom("bridge", "cars", "(bikes)", "[model]", "rush-hour", "50%", "*market*", "ünïcode", "\\", "#1", "a_b", "x");
const claimText = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(" "));

interface Claim {
  text: string;
  pro: boolean;
  children: Claim[];
}
const claimTree: fc.Arbitrary<Claim[]> = fc.letrec<{ tree: Claim[]; claim: Claim }>((tie) => ({
  tree: fc.array(tie("claim"), { maxLength: 4 }),
  claim: fc.record({ text: claimText, pro: fc.boolean(), children: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constant<Claim[]>([]), tie("tree")) }),
})).tree;

function kialoOutline(thesis: string, claims: Claim[], newer: boolean): { text: string; count: number; pro: number; con: number } {
  const lines = newer ? ["Discussion Name: A generated discussion", "", `Thesis: ${escapeKialo(thesis)}`, ""] : ["Discussion Title: A generated discussion", "", `1. ${escapeKialo(thesis)}`];
  let count = 1;
  let pro = 0;
  let con = 0;
  const walk = (list: Claim[], prefix: string) =>
    list.forEach((c, i) => {
      const number = `${prefix}.${i + 1}`;
      lines.push(`${number}. ${c.pro ? "Pro" : "Con"}: ${escapeKialo(c.text)}`);
      count++;
      if (c.pro) pro++;
      else con++;
      walk(c.children, number);
    });
  walk(claims, "1");
  return { text: `${lines.join("\n")}\n`, count, pro, con };
}

// Nodes by ref: readers list them breadth-first, the JSON reader depth-first.
const byRef = (d: DebateDocument) => [...d.nodes].sort((a, b) => a.ref.localeCompare(b.ref));
const essence = (d: DebateDocument) => byRef(d).map((n) => ({ ref: n.ref, parentRef: n.parentRef, kind: n.kind, side: n.side, body: n.body }));

describe("Kialo outlines (generated, both variants)", () => {
  it("claim and Pro/Con counts equal the outline's; escapes come back unescaped; export → import is stable", async () => {
    await fc.assert(
      fc.asyncProperty(claimText, claimTree, fc.boolean(), async (thesis, claims, newer) => {
        const outline = kialoOutline(thesis, claims, newer);
        const doc = importKialo(outline.text, { now: FIXED_NOW });
        expect(() => validateDocument(doc)).not.toThrow();
        expect(doc.nodes).toHaveLength(outline.count);
        expect(doc.nodes[0]!.body).toBe(thesis);
        const kindOf = new Map(doc.nodes.map((n) => [n.ref, n.kind]));
        const stances = doc.nodes.slice(1).map((n) => stanceTowardParent(n.kind, kindOf.get(n.parentRef!) ?? null));
        expect(stances.filter((s) => s === "support")).toHaveLength(outline.pro);
        expect(stances.filter((s) => s === "attack")).toHaveLength(outline.con);
        const again = importKialo(await exportText(doc, "kialo", ROUND_TRIP), { now: FIXED_NOW });
        expect(essence(again)).toEqual(essence(doc));
      }),
      { numRuns: 80 },
    );
  });
});

const aifType = fc.constantFrom("I", "I", "I", "RA", "CA", "MA", "PA", "L", "YA", "TA");
const rawAif = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    types: fc.array(aifType, { minLength: n, maxLength: n }),
    texts: fc.array(claimText, { minLength: n, maxLength: n }),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
  }),
);

describe("raw AIF graphs (generated: any node types, any edges, cycles included)", () => {
  it("import gives a valid document with one node per I-node, or a FormatError; export → import keeps it", async () => {
    await fc.assert(
      fc.asyncProperty(rawAif, async ({ types, texts, edges }) => {
        const aif = JSON.stringify({
          nodes: types.map((type, i) => ({ nodeID: `${i + 1}`, text: type === "I" ? texts[i] : type === "L" ? `Speaker ${i}: ${texts[i]}` : "Default", type, timestamp: "2024-01-02 03:04:05" })),
          edges: edges.map(([a, b], i) => ({ edgeID: `e${i}`, fromID: `${a + 1}`, toID: `${b + 1}`, formEdgeID: null })),
          locutions: types.flatMap((t, i) => (t === "L" ? [{ nodeID: `${i + 1}`, personID: `${i % 3}` }] : [])),
          participants: [0, 1, 2].map((p) => ({ participantID: `${p}`, firstname: `P${p}`, surname: "Test" })),
        });
        let doc: DebateDocument;
        try {
          doc = importAif(aif, { now: FIXED_NOW });
        } catch (error) {
          expect(error).toBeInstanceOf(FormatError);
          expect(types.includes("I")).toBe(false); // the only refusal for a well-formed file: no claims
          return;
        }
        expect(() => validateDocument(doc)).not.toThrow();
        expect(doc.nodes).toHaveLength(types.filter((t) => t === "I").length);
        const viaJson = importJson(await exportText(doc, "json"));
        expect(essence(viaJson)).toEqual(essence(doc));
        expect(viaJson.links).toEqual(doc.links);
        const viaAif = importAif(await exportText(doc, "aif"), { now: FIXED_NOW });
        expect(viaAif.nodes.map((n) => n.body).sort()).toEqual(doc.nodes.map((n) => n.body).sort());
      }),
      { numRuns: 150 },
    );
  });
});

describe("hand-written corpus files: import → export → import", () => {
  for (const name of ["kialo-numbered.txt", "kialo-newer.txt"]) {
    it(`${name}: Kialo and JSON trips keep claims, tree and links`, async () => {
      const doc = importKialo(readFileSync(`tests/fixtures/imports/${name}`, "utf8"), { now: FIXED_NOW });
      const viaKialo = importKialo(await exportText(doc, "kialo", ROUND_TRIP), { now: FIXED_NOW });
      expect(essence(viaKialo)).toEqual(essence(doc));
      expect(viaKialo.links.map((l) => [l.fromRef, l.toRef, l.type])).toEqual(doc.links.map((l) => [l.fromRef, l.toRef, l.type]));
      const viaJson = importJson(await exportText(doc, "json"));
      expect(essence(viaJson)).toEqual(essence(doc));
      expect(viaJson.links).toEqual(doc.links);
    });
  }
  it("thread.md: a JSON trip keeps moves, parents, quotes and authors", async () => {
    const doc = importThread(readFileSync("tests/fixtures/imports/thread.md", "utf8"), { now: FIXED_NOW });
    const full = (d: DebateDocument) => byRef(d).map((n) => ({ ...essence({ ...d, nodes: [n] })[0], quote: n.quote, authorRef: n.authorRef }));
    expect(full(importJson(await exportText(doc, "json")))).toEqual(full(doc));
  });
});
