// Hostile inputs for the AIF, Kialo and pasted-thread readers (JSON and Argdown are in
// hostile.test.ts): Windows line endings, a byte-order mark and tabs read the same; oversized
// uploads, deep nesting and cycles fail (or read) cleanly, with a position, never a crash.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DebateDocument } from "@/lib/formats/document";
import { importAif, importKialo, importThread } from "@/lib/formats/import";
import { DEFAULT_IMPORT_LIMITS } from "@/lib/formats/limits";
import { FIXED_NOW, formatError } from "./helpers";

const fixture = (name: string) => readFileSync(`tests/fixtures/imports/${name}`, "utf8");
const windows = (text: string) => `\uFEFF${text.replace(/\r?\n/g, "\r\n")}`;
const essence = (d: DebateDocument) => ({
  nodes: d.nodes.map((n) => [n.ref, n.parentRef, n.kind, n.side, n.title, n.body.replace(/\r\n?/g, "\n")]),
  links: d.links.map((l) => [l.fromRef, l.toRef, l.type]),
  title: d.debate.title,
});
const overLimit = (prefix: string) => prefix + " ".repeat(DEFAULT_IMPORT_LIMITS.maxBytes + 1 - prefix.length);

describe("Kialo: CRLF, BOM and tabs", () => {
  for (const name of ["kialo-numbered.txt", "kialo-newer.txt"]) {
    it(`${name} reads the same saved on Windows with a BOM, and with tabs after the numbers`, () => {
      const plain = importKialo(fixture(name), { now: FIXED_NOW });
      expect(essence(importKialo(windows(fixture(name)), { now: FIXED_NOW }))).toEqual(essence(plain));
      const tabbed = fixture(name).replace(/^((?:\d+\.)+) /gm, "$1\t");
      expect(essence(importKialo(tabbed, { now: FIXED_NOW })).nodes.length).toBe(plain.nodes.length);
    });
  }
  it("over 20 MB is TOO_LARGE before parsing", () => {
    expect(formatError(() => importKialo(overLimit("Discussion Title: t\n\n1. a\n")))).toMatchObject({ code: "TOO_LARGE" });
  });
});

describe("AIF: hostile input", () => {
  const text = fixture("aif/community-garden.json");
  it("CRLF, a BOM and tab indentation read the same", () => {
    const plain = importAif(text, { now: FIXED_NOW });
    expect(essence(importAif(windows(text), { now: FIXED_NOW }))).toEqual(essence(plain));
    expect(essence(importAif(JSON.stringify(JSON.parse(text), null, "\t"), { now: FIXED_NOW }))).toEqual(essence(plain));
  });
  it("over 20 MB is TOO_LARGE; 10,000-deep JSON nesting is a positioned error", () => {
    expect(formatError(() => importAif(overLimit('{"nodes":[],"edges":[]}')))).toMatchObject({ code: "TOO_LARGE" });
    const deep = `{"nodes":${"[".repeat(10_000)}${"]".repeat(10_000)},"edges":[]}`;
    const error = formatError(() => importAif(deep));
    expect(error.location).toMatchObject({ line: 1 });
  });
  it("cycles of support, a self-loop and a 2,000-long chain: read or refused cleanly", () => {
    const nodes = [1, 2, 3].map((i) => ({ nodeID: `${i}`, text: `claim ${i}`, type: "I" }));
    const schemes = [4, 5, 6, 7].map((i) => ({ nodeID: `${i}`, text: "Default Inference", type: "RA" }));
    const edge = (from: number, to: number, i: number) => ({ edgeID: `e${i}`, fromID: `${from}`, toID: `${to}` });
    const cyclic = { nodes: [...nodes, ...schemes], edges: [edge(1, 4, 1), edge(4, 2, 2), edge(2, 5, 3), edge(5, 3, 4), edge(3, 6, 5), edge(6, 1, 6), edge(1, 7, 7), edge(7, 1, 8)] };
    const doc = importAif(JSON.stringify(cyclic), { now: FIXED_NOW });
    expect(doc.nodes).toHaveLength(3);
    expect(doc.links).toHaveLength(1); // the edge that closes the cycle; the self-loop says nothing
    const n = 2_000;
    const chain = { nodes: [] as object[], edges: [] as object[] };
    for (let i = 0; i < n; i++) chain.nodes.push({ nodeID: `i${i}`, text: `c${i}`, type: "I" }, { nodeID: `s${i}`, text: "Default Conflict", type: "CA" });
    for (let i = 1; i < n; i++) chain.edges.push({ edgeID: `a${i}`, fromID: `i${i}`, toID: `s${i}` }, { edgeID: `b${i}`, fromID: `s${i}`, toID: `i${i - 1}` });
    expect(formatError(() => importAif(JSON.stringify(chain), { now: FIXED_NOW }))).toMatchObject({ code: "TOO_DEEP" });
  });
});

describe("pasted thread: hostile input", () => {
  it("over 20 MB is TOO_LARGE; 100,000 quote markers and 100,000-character lines are plain text", () => {
    expect(formatError(() => importThread(overLimit("A thread\n\n")))).toMatchObject({ code: "TOO_LARGE" });
    const doc = importThread(`First paragraph.\n\n${">".repeat(100_000)} quoted\nreply\n\n${"word ".repeat(20_000)}`, { now: FIXED_NOW });
    expect(doc.nodes).toHaveLength(3);
  });
  it("tabs and CRLF in a line-per-paragraph thread read the same", () => {
    const text = "Ana: we should walk to work.\nIt is “walk to work” that I doubt.";
    const plain = importThread(text, { now: FIXED_NOW });
    expect(essence(importThread(windows(text.replace(/ /g, "\t")), { now: FIXED_NOW })).nodes.map((n) => n[1])).toEqual(essence(plain).nodes.map((n) => n[1]));
  });
});
