// Every export is judged by a parser we did not write.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DebateDocument } from "@/lib/formats/document";
import { stanceTowardParent } from "@/lib/formats/semantics";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { debateDocumentArb } from "./arbitraries";
import { layoutDot, parseWithArgdown, parseXml, renderMarkdown, validateWithJsonSchema, xmlProblem } from "./external-parsers";
import { exportText, preorder } from "./helpers";

const samples: DebateDocument[] = [demoDocument, ...fc.sample(debateDocumentArb(), { numRuns: 30, seed: 42 })];
const each = (name: string, check: (doc: DebateDocument, i: number) => Promise<void>) =>
  it(name, async () => {
    for (const [i, doc] of samples.entries()) await check(doc, i);
  });

describe("exports pass third-party parsers", () => {
  each("argdown: @argdown/core parses with no errors and the expected counts", async (doc) => {
    const model = parseWithArgdown(await exportText(doc, "argdown"));
    expect(model.errors).toEqual([]);
    const nodes = preorder(doc);
    expect(Object.keys(model.statements)).toHaveLength(1);
    expect(Object.keys(model.arguments)).toHaveLength(nodes.length - 1);
    // One relation per reply, plus one per SUPPORTS/ATTACKS cross-link (the other link types have no Argdown relation).
    const linkRelations = doc.links.filter((l) => l.type === "SUPPORTS" || l.type === "ATTACKS");
    expect(model.relations).toHaveLength(nodes.length - 1 + linkRelations.length);
    const byParent = new Map(nodes.map((n) => [n.ref, n]));
    const expectedTypes = [
      ...nodes.slice(1).map((n) => ({ attack: "attack", support: "support", neutral: "undercut" })[stanceTowardParent(n.kind, byParent.get(n.parentRef!)!.kind)]),
      ...linkRelations.map((l) => (l.type === "SUPPORTS" ? "support" : "attack")),
    ];
    expect(model.relations.map((r) => r.relationType).sort()).toEqual(expectedTypes.sort());
    // Our data survives Argdown's own YAML reading.
    const root = Object.values(model.statements)[0]!;
    expect((root.data as { bb: { ref: string } }).bb.ref).toBe(nodes[0]!.ref);
    // Where the body is shown exactly, Argdown reads back exactly our text (the escaping is lossless).
    const byRef = new Map(nodes.map((n) => [n.ref, n]));
    for (const a of Object.values(model.arguments)) {
      const bb = (a.data as { bb: { ref: string; body?: string } }).bb;
      if (bb.body === undefined) expect(a.members[0]!.text!.trimEnd()).toBe(byRef.get(bb.ref)!.body);
    }
  });

  each("dot: GraphViz lays it out", async (doc) => {
    const svg = await layoutDot(await exportText(doc, "dot"));
    expect(svg).toContain("<svg");
    expect((svg.match(/class="node"/g) ?? []).length).toBe(doc.nodes.length);
  });

  each("graphml: well-formed XML with one node per move and one edge per reply", async (doc) => {
    const xml = await exportText(doc, "graphml");
    expect(xmlProblem(xml)).toBeNull();
    const graph = (parseXml(xml) as { graphml: { graph: { node: unknown; edge?: unknown } } }).graphml.graph;
    const count = (v: unknown) => (v === undefined ? 0 : Array.isArray(v) ? v.length : 1);
    expect(count(graph.node)).toBe(doc.nodes.length);
    expect(count(graph.edge)).toBe(doc.nodes.length - 1 + doc.links.length);
  });

  each("svg: well-formed, self-contained, no scripts or external references", async (doc) => {
    const svg = await exportText(doc, "svg");
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).not.toMatch(/<script|<foreignObject|\shref=|xlink:|\son[a-z]+=|url\(|@import/i);
    expect(Object.keys(parseXml(svg) as object)).toContain("svg");
  });

  each("json: the JSON Schema (ajv) accepts the export", async (doc) => {
    const parsed = JSON.parse(await exportText(doc, "json"));
    expect(validateWithJsonSchema(parsed), JSON.stringify(validateWithJsonSchema.errors)).toBe(true);
  });

  each("aif: JSON with consistent I/L/YA/RA/CA/TA nodes, edges and locutions", async (doc) => {
    const aif = JSON.parse(await exportText(doc, "aif")) as {
      nodes: { nodeID: string; type: string; text: string; timestamp: string }[];
      edges: { edgeID: string; fromID: string; toID: string }[];
      locutions: { nodeID: string; personID: number }[];
      participants: { participantID: number; firstname: string; surname: string }[];
    };
    const ids = new Set(aif.nodes.map((n) => n.nodeID));
    expect(ids.size).toBe(aif.nodes.length);
    for (const e of aif.edges) expect(ids.has(e.fromID) && ids.has(e.toID)).toBe(true);
    const count = (t: string) => aif.nodes.filter((n) => n.type === t).length;
    const nodes = preorder(doc);
    const byRef = new Map(nodes.map((n) => [n.ref, n]));
    const stances = nodes.slice(1).map((n) => stanceTowardParent(n.kind, byRef.get(n.parentRef!)!.kind));
    expect(count("I")).toBe(nodes.length);
    expect(count("L")).toBe(nodes.length);
    const links = (...types: string[]) => doc.links.filter((l) => types.includes(l.type)).length;
    expect(count("RA")).toBe(stances.filter((s) => s === "support").length + links("SUPPORTS"));
    expect(count("CA")).toBe(stances.filter((s) => s === "attack").length + links("ATTACKS"));
    expect(count("MA")).toBe(links("SAME_CLAIM", "DUPLICATE_OF"));
    expect(count("TA")).toBe(nodes.length - 1);
    expect(aif.locutions).toHaveLength(nodes.length);
    const people = new Set(aif.participants.map((p) => p.participantID));
    for (const l of aif.locutions) expect(people.has(l.personID)).toBe(true);
    for (const n of aif.nodes) expect(n.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  each("markdown: micromark renders it and no raw HTML or javascript: link survives", async (doc) => {
    const html = renderMarkdown(await exportText(doc, "markdown"));
    expect(html).toContain("<h1>");
    expect(html).not.toMatch(/<script|<iframe|<img|href="javascript:/i);
  });

  each("kialo: every claim line is numbered, one per move and one \"-> See\" line per link", async (doc) => {
    const lines = (await exportText(doc, "kialo")).split("\n").filter((l) => l && !l.startsWith("Discussion Title:"));
    expect(lines).toHaveLength(doc.nodes.length + doc.links.length);
    for (const [i, line] of lines.entries()) expect(line).toMatch(i === 0 ? /^1\. / : /^1(\.\d+)+\. (Pro|Con): /);
    expect(lines.filter((l) => /^[\d.]+ (Pro|Con): -> See 1(\.\d+)*\.$/.test(l))).toHaveLength(doc.links.length);
  });
});
