// Both Kialo outline variants: the numbered one and the newer export with a header and sources
// (fixtures written for these tests: Kialo's own content is not redistributable).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FormatError } from "@/lib/formats/errors";
import { exportDebate, collect } from "@/lib/formats/export";
import { importKialo } from "@/lib/formats/import";
import { ImportReport } from "@/lib/formats/import/report";
import { sourceFromDocument } from "@/lib/formats/source";

const NOW = new Date("2031-01-01T00:00:00.000Z");
const fixture = (name: string) => readFileSync(`tests/fixtures/imports/${name}`, "utf8");

describe("Kialo, newer export (Discussion Name / Thesis / Sources)", () => {
  const report = new ImportReport();
  const doc = importKialo(fixture("kialo-newer.txt"), { now: NOW, report });
  const byRef = new Map(doc.nodes.map((n) => [n.ref, n]));

  it("reads the header: title, and the thesis as the proposal without its label, unescaped", () => {
    expect(doc.debate.title).toBe("Should the city close the old bridge to cars?");
    expect(doc.nodes[0]).toMatchObject({ kind: "PROPOSAL", parentRef: null, body: "The city should close the old bridge to cars (but not to bikes)." });
  });
  it("counts claims and Pro/Con as the file has them: Pro supports, Con attacks", () => {
    expect(doc.nodes).toHaveLength(9);
    const kinds = doc.nodes.slice(1).map((n) => n.kind);
    expect(kinds.filter((k) => k === "SUPPORT")).toHaveLength(4);
    expect(byRef.get("kialo-1.2")).toMatchObject({ kind: "COUNTEREXAMPLE", side: "BREAKER" });
    expect(byRef.get("kialo-1.1.1")).toMatchObject({ kind: "REBUTTAL", side: "BREAKER" });
    expect(byRef.get("kialo-1.3.1")!.body).toBe("Fewer cars on the main street means shorter crossing times [see the traffic model].");
  });
  it("keeps sources as the debate's context and links, not glued to the last claim", () => {
    expect(byRef.get("kialo-1.4")!.body).toBe("Delivery vans for the shops on the bridge need access.");
    expect(doc.debate.context).toContain("Sources:");
    expect(doc.debate.context).toContain("https://example.org/traffic-model");
    expect(doc.debate.links).toEqual([
      { url: "https://example.org/bridge-survey-2025", title: "Bridge survey 2025" },
      { url: "https://example.org/traffic-model", title: "Traffic model notes" },
    ]);
  });
  it("turns '-> See 1.3.1.' into that claim's text and a SAME_CLAIM link to it", () => {
    expect(byRef.get("kialo-1.2.1")!.body).toBe(byRef.get("kialo-1.3.1")!.body);
    expect(doc.links).toEqual([expect.objectContaining({ fromRef: "kialo-1.2.1", toRef: "kialo-1.3.1", type: "SAME_CLAIM" })]);
    expect(report.lines()).toEqual(["1 “See” reference kept as a cross-link", "2 sources kept in the debate context"]);
  });
});

describe("Kialo, numbered outline", () => {
  it("reads claims, continuation lines and See links; an unknown See target stays text and is reported", () => {
    const report = new ImportReport();
    const doc = importKialo(fixture("kialo-numbered.txt"), { now: NOW, report });
    expect(doc.debate.title).toBe("Four-day school week");
    expect(doc.nodes).toHaveLength(7);
    expect(doc.nodes.find((n) => n.ref === "kialo-1.2.1")!.body).toBe("Many families already pay for after-school care,\nwhich would now be needed for a whole day.");
    expect(doc.links).toEqual([expect.objectContaining({ fromRef: "kialo-1.2.2", toRef: "kialo-1.1", type: "SAME_CLAIM" })]);
    expect(doc.nodes.find((n) => n.ref === "kialo-1.3")!.body).toBe("-> See 9.9.");
    expect(report.lines()).toContain("1 reference to a claim that is not in the file kept as text");
  });

  it("a 'Thesis:' header followed by the claim '1.' is one thesis, not two", () => {
    const doc = importKialo("Discussion Name: T\n\nThesis: Same text\n\n1. Thesis: Same text\n1.1. Con: no\n", { now: NOW });
    expect(doc.nodes.map((n) => [n.ref, n.body])).toEqual([["kialo-1", "Same text"], ["kialo-1.1", "no"]]);
  });

  it("errors stay positioned: a claim before its parent in the newer variant", () => {
    const error = (() => {
      try {
        importKialo("Discussion Name: T\nThesis: x\n1.2.1. Pro: orphan\n", { now: NOW });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).location).toMatchObject({ line: 3, column: 1 });
  });

  it("our own Kialo export of an imported newer outline re-imports with the same claims and links", async () => {
    const doc = importKialo(fixture("kialo-newer.txt"), { now: NOW });
    const again = importKialo(await collect(exportDebate(sourceFromDocument(doc), "kialo", { kialo: { roundTrip: true } })), { now: NOW });
    expect(again.nodes.map((n) => [n.kind, n.body])).toEqual(doc.nodes.map((n) => [n.kind, n.body]));
  });
});
