// Exports read by other tools as they expect them (#15): Kialo's clean outline (our data only on
// request), GraphML whose carriage returns survive an XML parser, AIF in AIFdb's own shape.
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { DebateDocument } from "@/lib/formats/document";
import { AIF_SCHEME_IDS } from "@/lib/formats/export/aif";
import { importAif, importKialo } from "@/lib/formats/import";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { xmlProblem } from "./external-parsers";
import { exportText, FIXED_NOW, kialoCarried, preorder, ROUND_TRIP } from "./helpers";

describe("Kialo export", () => {
  it("by default is a clean outline: no {\"bb\"} data, a move's title leads its text, Pro/Con as Kialo reads them", async () => {
    const text = await exportText(demoDocument, "kialo");
    expect(text).not.toContain('{"bb"');
    expect(text).toMatch(/^Discussion Title: Catching deceptive answers with a trusted monitor\n\n1\. Trusted monitor in front of every answer: Route every answer/);
    expect(text).toMatch(/^1\.1\. Con: Deception that looks like honest uncertainty: /m);
    // Our importer reads it as any third-party outline: same claims, same tree, kinds inferred.
    const doc = importKialo(text, { now: FIXED_NOW });
    expect(doc.nodes).toHaveLength(demoDocument.nodes.length + demoDocument.links.length);
    // Each "-> See" line is a claim to Kialo (and to us without our data).
    for (const p of doc.participants) expect(p.ref).toMatch(/^imported-/);
  });

  it("round-trip mode keeps our data, and the display names come back", async () => {
    const text = await exportText(demoDocument, "kialo", ROUND_TRIP);
    expect(text.split("\n").filter((l) => /^\d/.test(l)).every((l) => l.includes(' {"bb":'))).toBe(true);
    const doc = importKialo(text, { now: FIXED_NOW });
    expect(doc.nodes.map(kialoCarried)).toEqual(preorder(demoDocument).map(kialoCarried));
    expect(doc.participants).toEqual(demoDocument.participants);
  });

  it("round-trip data with a broken participant list is refused with a path", async () => {
    const text = (await exportText(demoDocument, "kialo", ROUND_TRIP)).replace('"displayName":"Ada Builder"', '"displayName":7');
    expect(() => importKialo(text, { now: FIXED_NOW })).toThrow(/participants/);
  });
});

describe("GraphML export", () => {
  const withControls: DebateDocument = structuredClone(demoDocument);
  withControls.nodes[0]!.body = "first\r\nsecond\rthird\nfourth\ttab";
  withControls.nodes[1]!.title = "bell\u0007 and nul\u0000 and lone \uD800 surrogate";

  it("writes carriage returns as &#13; and no raw CR; an XML parser gives the CR back", async () => {
    const xml = await exportText(withControls, "graphml");
    expect(xml).not.toContain("\r");
    expect(xml).toContain("first&#13;\nsecond&#13;third\nfourth\ttab");
    expect(xmlProblem(xml)).toBeNull();
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", htmlEntities: true, trimValues: false }).parse(xml) as {
      graphml: { graph: { node: { data: { "@key": string; "#text"?: string }[] }[] } };
    };
    const value = (i: number, key: string) => parsed.graphml.graph.node[i]!.data.find((d) => d["@key"] === key)!["#text"];
    expect(value(0, "body")).toBe("first\r\nsecond\rthird\nfourth\ttab");
  });

  it("characters XML 1.0 cannot hold become visible stand-ins, not silence", async () => {
    const xml = await exportText(withControls, "graphml");
    expect(xml).toContain("bell\u2407 and nul\u2400 and lone \uFFFD surrogate");
    expect(xmlProblem(xml)).toBeNull();
  });
});

interface Aif {
  nodes: { nodeID: string; type: string; text: string; timestamp: string; scheme?: string; schemeID?: string }[];
  edges: { edgeID: string; fromID: string; toID: string; formEdgeID: null }[];
  locutions: { nodeID: string; personID: string; timestamp: string; start: null; end: null; source: null }[];
  participants: { participantID: string; firstname: string; surname: string }[];
}

describe("AIF export in AIFdb's shape", () => {
  const load = async () => JSON.parse(await exportText(demoDocument, "aif")) as Aif;

  it("every edge has formEdgeID null; ids are strings", async () => {
    const aif = await load();
    for (const e of aif.edges) expect(Object.keys(e)).toEqual(["edgeID", "fromID", "toID", "formEdgeID"]);
    for (const e of aif.edges) expect(e.formEdgeID).toBeNull();
    for (const p of aif.participants) expect(typeof p.participantID).toBe("string");
  });

  it("scheme nodes carry scheme and AIFdb's schemeID (RA 72, CA 71, MA 144, TA 82)", async () => {
    const aif = await load();
    const schemes = aif.nodes.filter((n) => ["RA", "CA", "MA", "TA"].includes(n.type));
    expect(schemes.length).toBeGreaterThan(0);
    for (const n of schemes) expect(n).toMatchObject({ scheme: n.text, schemeID: AIF_SCHEME_IDS[n.text] });
    expect(new Set(aif.nodes.filter((n) => n.type === "RA").map((n) => n.schemeID))).toEqual(new Set(["72"]));
    expect(new Set(aif.nodes.filter((n) => n.type === "CA").map((n) => n.schemeID))).toEqual(new Set(["71"]));
    expect(new Set(aif.nodes.filter((n) => n.type === "MA").map((n) => n.schemeID))).toEqual(new Set(["144"]));
    for (const n of aif.nodes.filter((n) => n.type === "I" || n.type === "L")) expect(n).not.toHaveProperty("scheme");
  });

  it("locutions: L-nodes read 'Speaker : text', each has {nodeID, personID, timestamp} naming a participant", async () => {
    const aif = await load();
    const names = new Map(aif.participants.map((p) => [p.participantID, `${p.firstname} ${p.surname}`.trim()]));
    const lNodes = new Map(aif.nodes.filter((n) => n.type === "L").map((n) => [n.nodeID, n]));
    expect(aif.locutions).toHaveLength(lNodes.size);
    for (const l of aif.locutions) {
      expect(Object.keys(l)).toEqual(["nodeID", "personID", "timestamp", "start", "end", "source"]);
      const node = lNodes.get(l.nodeID)!;
      expect(node.text.startsWith(`${names.get(l.personID)} : `)).toBe(true);
      expect(l.timestamp).toBe(node.timestamp);
    }
    expect([...names.values()].sort()).toEqual(demoDocument.participants.map((p) => p.displayName).sort());
  });

  it("our AIF importer still reads it: same claims, and the speakers are the authors", async () => {
    const again = importAif(await exportText(demoDocument, "aif"), { now: FIXED_NOW });
    expect(again.nodes).toHaveLength(demoDocument.nodes.length);
    const nameOf = (d: DebateDocument, ref: string) => d.participants.find((p) => p.ref === ref)!.displayName;
    const authors = preorder(demoDocument).map((n) => nameOf(demoDocument, n.authorRef)).sort();
    expect(again.nodes.map((n) => nameOf(again, n.authorRef)).sort()).toEqual(authors);
  });
});
