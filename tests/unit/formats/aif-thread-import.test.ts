// AIF (AIFdb JSON layout; the fixture is written by hand after that layout) and pasted threads.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { quoteMatches } from "@/lib/domain/debate/quote";
import { validateDocument } from "@/lib/formats/document";
import { formatError } from "./helpers";
import { collect, exportDebate } from "@/lib/formats/export";
import { importAif, importThread, ImportReport } from "@/lib/formats/import";
import { sourceFromDocument } from "@/lib/formats/source";
import { demoDocument } from "../../fixtures/formats/demo-document";

const NOW = new Date("2031-01-01T00:00:00.000Z");
const fixture = (name: string) => readFileSync(`tests/fixtures/imports/${name}`, "utf8");

describe("AIF import", () => {
  const report = new ImportReport();
  const doc = importAif(fixture("aifdb-style.json"), { now: NOW, report });
  const byBody = new Map(doc.nodes.map((n) => [n.body, n]));
  const node = (text: string) => byBody.get(text)!;

  it("one node per I-node; RA is support, CA conflict, with the right direction", () => {
    const source = JSON.parse(fixture("aifdb-style.json")) as { nodes: { type: string }[] };
    expect(doc.nodes).toHaveLength(source.nodes.filter((n) => n.type === "I").length);
    expect(doc.nodes[0]).toMatchObject({ kind: "PROPOSAL", body: "The library should open on Sundays" });
    expect(node("Students have no quiet place to work at weekends")).toMatchObject({ kind: "SUPPORT", parentRef: doc.nodes[0]!.ref });
    expect(node("Staff costs on Sundays are double")).toMatchObject({ kind: "COUNTEREXAMPLE", side: "BREAKER", parentRef: doc.nodes[0]!.ref });
    expect(node("Volunteers could staff the reading room")).toMatchObject({ kind: "REBUTTAL", parentRef: node("Staff costs on Sundays are double").ref });
  });
  it("speakers become authors with their names", () => {
    const kim = doc.participants.find((p) => p.displayName === "Kim Park")!;
    expect(node("The library should open on Sundays").authorRef).toBe(kim.ref);
    expect(doc.participants.find((p) => p.displayName === "Lee")!.ref).toBe(node("Staff costs on Sundays are double").authorRef);
  });
  it("MA is a SAME_CLAIM link, PA a see-also link, a CA on an RA undercuts it; all reported", () => {
    const rephrase = node("Weekend opening costs twice as much in wages");
    expect(doc.links).toContainEqual(expect.objectContaining({ fromRef: rephrase.ref, toRef: node("Staff costs on Sundays are double").ref, type: "SAME_CLAIM" }));
    expect(doc.links).toContainEqual(expect.objectContaining({ fromRef: node("Students have no quiet place to work at weekends").ref, type: "SEE_ALSO" }));
    expect(node("Exams are in June")).toMatchObject({ parentRef: node("Students have no quiet place to work at weekends").ref });
    expect(report.lines()).toEqual(expect.arrayContaining(["1 preference node kept as a cross-link", "1 undercut kept as an attack on its argument"]));
    expect(() => validateDocument(doc)).not.toThrow();
  });
  it("our own AIF export re-imports: same claims, same tree shape, same speakers", async () => {
    const aif = await collect(exportDebate(sourceFromDocument(demoDocument), "aif"));
    const again = importAif(aif, { now: NOW });
    expect(again.nodes).toHaveLength(demoDocument.nodes.length);
    const depth = (d: typeof again) => {
      const parent = new Map(d.nodes.map((n) => [n.ref, n.parentRef]));
      return d.nodes.map((n) => {
        let k = 0;
        for (let p = n.parentRef; p; p = parent.get(p) ?? null) k++;
        return k;
      }).sort();
    };
    expect(depth(again)).toEqual(depth(demoDocument));
    expect(new Set(again.participants.map((p) => p.displayName))).toEqual(new Set(demoDocument.participants.filter((p) => demoDocument.nodes.some((n) => n.authorRef === p.ref)).map((p) => p.displayName)));
  });
  it("bad input fails with a path: unknown edge ends, missing arrays, cycles are fine", () => {
    expect(formatError(() => importAif('{"nodes":[{"nodeID":"1","text":"a","type":"I"}],"edges":[{"edgeID":"1","fromID":"1","toID":"9"}]}'))).toMatchObject({ code: "INTEGRITY", location: { path: "$.edges[0].toID" } });
    expect(formatError(() => importAif('{"nodes":[]}'))).toMatchObject({ location: { path: "$.edges" } });
    expect(formatError(() => importAif('{"nodes":[{"nodeID":"1","type":"I"}],"edges":[]}'))).toMatchObject({ location: { path: "$.nodes[0].text" } });
    expect(formatError(() => importAif('{"nodes": [,]}'))).toMatchObject({ code: "SYNTAX", location: { line: 1 } });
    const cycle = '{"nodes":[{"nodeID":"1","text":"a","type":"I"},{"nodeID":"2","text":"b","type":"I"},{"nodeID":"3","text":"x","type":"CA"},{"nodeID":"4","text":"y","type":"CA"}],"edges":[{"edgeID":"1","fromID":"1","toID":"3"},{"edgeID":"2","fromID":"3","toID":"2"},{"edgeID":"3","fromID":"2","toID":"4"},{"edgeID":"4","fromID":"4","toID":"1"}]}';
    const doc = importAif(cycle, { now: NOW });
    expect(doc.nodes).toHaveLength(2);
    expect(doc.links).toHaveLength(1);
  });
});

describe("pasted thread", () => {
  const report = new ImportReport();
  const doc = importThread(fixture("thread.md"), { now: NOW, report });
  const starting = (prefix: string) => doc.nodes.find((n) => n.body.startsWith(prefix))!;

  it("each paragraph is a move, the first the proposal; authors from the author lines", () => {
    expect(doc.nodes).toHaveLength(7);
    expect(doc.nodes[0]).toMatchObject({ kind: "PROPOSAL" });
    expect(doc.participants.map((p) => p.displayName).sort()).toEqual(["Jun", "Mira", "Tomas"]);
    expect(doc.participants.find((p) => p.ref === starting("Is there data").authorRef)!.displayName).toBe("Tomas");
    expect(starting("Is there data")).toMatchObject({ kind: "QUESTION" });
  });
  it("a reply quoting an earlier passage (block or inline) hangs under it, the quote anchored and verified as quote-replies are", () => {
    const parentOf = (n: { parentRef: string | null }) => doc.nodes.find((m) => m.ref === n.parentRef)!;
    const tomas = starting("That is true for the office team");
    expect(parentOf(tomas).ref).toBe(doc.nodes[0]!.ref);
    expect(tomas.quote!.text).toBe("People are tired on Fridays and half the team leaves early.");
    const jun = starting("I like the idea");
    expect(parentOf(jun).body).toMatch(/^Also, Tuesday mornings/);
    const mira = starting("We could start at half past ten");
    expect(parentOf(mira).ref).toBe(tomas.ref);
    for (const n of [tomas, jun, mira]) expect(quoteMatches(parentOf(n).body, n.quote!)).toBe(true);
  });
  it("a quotation found nowhere stays in the text and is reported", () => {
    expect(starting("> this sentence was never written above")).toMatchObject({ parentRef: doc.nodes[0]!.ref, quote: null });
    expect(report.lines()).toEqual(["3 quoting replies attached to the passages they quote", "1 quotation not found in an earlier comment (kept in the text)"]);
  });
  it("CRLF, a BOM and tabs read the same; empty text is a positioned error", () => {
    const crlf = importThread(`\uFEFF${fixture("thread.md").replace(/\n/g, "\r\n").replace(/^We/m, "\tWe")}`, { now: NOW });
    expect(crlf.nodes.map((n) => n.parentRef)).toEqual(doc.nodes.map((n) => n.parentRef));
    expect(formatError(() => importThread(" \n\n\t\n"))).toMatchObject({ code: "SYNTAX", location: { line: 1, column: 1 } });
  });
});
