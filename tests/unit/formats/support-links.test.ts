// Supports and cross-links in the formats (docs/decisions/012-support-and-links.md): the
// stance of a support, inference on import, builder-breaker/1 → /2, and every export that
// can hold links: read back by @argdown/core and by our own importers.
import { describe, expect, it } from "vitest";
import { FORMAT_ID_V1, validateDocument, type DebateDocument } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { importArgdown } from "@/lib/formats/import/argdown";
import { importKialo } from "@/lib/formats/import/kialo";
import { importJson } from "@/lib/formats/import/json";
import { inferMove, stanceTowardParent } from "@/lib/formats/semantics";
import { NODE_KINDS } from "@/lib/domain/vocabulary";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { parseWithArgdown, validateWithJsonSchemaV1 } from "./external-parsers";
import { exportText, FIXED_NOW, preorder, ROUND_TRIP } from "./helpers";

const titleOf = (t: string | undefined) => t ?? "";

describe("the stance of a support", () => {
  it("supports whatever it answers; support relations with no data import as SUPPORT on the parent's side", () => {
    for (const parent of NODE_KINDS) expect(stanceTowardParent("SUPPORT", parent)).toBe("support");
    expect(inferMove("support", { kind: "COUNTEREXAMPLE", side: "BREAKER" }, "It happened twice.")).toEqual({ kind: "SUPPORT", side: "BREAKER" });
    expect(inferMove("support", { kind: "PROPOSAL", side: "OBSERVER" }, "Cheap.")).toEqual({ kind: "SUPPORT", side: "BUILDER" });
    expect(inferMove("support", { kind: "PROPOSAL", side: "BUILDER" }, "Is it cheap?")).toEqual({ kind: "QUESTION", side: "BUILDER" });
    expect(inferMove("neutral", { kind: "PROPOSAL", side: "BUILDER" }, "Note.")).toEqual({ kind: "COMMENT", side: "OBSERVER" });
  });
});

describe("builder-breaker/1 files", () => {
  const v1 = (): Record<string, unknown> => {
    const { links: _links, ...rest } = structuredClone(demoDocument);
    return { ...rest, format: FORMAT_ID_V1, nodes: rest.nodes.filter((n) => n.kind !== "SUPPORT") };
  };

  it("still import, upgraded to /2 with no links (and their own schema still accepts them)", () => {
    const old = v1();
    expect(validateWithJsonSchemaV1(old), JSON.stringify(validateWithJsonSchemaV1.errors)).toBe(true);
    const doc = importJson(JSON.stringify(old));
    expect(doc.format).toBe("builder-breaker/2");
    expect(doc.links).toEqual([]);
    expect(doc.nodes).toHaveLength(old.nodes instanceof Array ? old.nodes.length : -1);
  });

  it("a /1 file that carries links is not /1: refused at $.links", () => {
    const e = (() => {
      try {
        validateDocument({ ...v1(), links: [] });
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(FormatError);
    expect(e).toMatchObject({ code: "SCHEMA" });
  });

  it("links are checked: ends exist and differ, author is a participant, no duplicates", () => {
    const bad = (mutate: (d: DebateDocument) => void) => {
      const d = structuredClone(demoDocument);
      mutate(d);
      try {
        validateDocument(d);
      } catch (error) {
        return (error as FormatError).location.path;
      }
      return "accepted";
    };
    expect(bad((d) => (d.links[0]!.toRef = "n-nowhere"))).toBe("$.links[0].toRef");
    expect(bad((d) => (d.links[0]!.toRef = d.links[0]!.fromRef))).toBe("$.links[0].toRef");
    expect(bad((d) => (d.links[1]!.authorRef = "u-nobody"))).toBe("$.links[1].authorRef");
    expect(bad((d) => d.links.push({ ...d.links[2]! }))).toBe("$.links[4]");
  });
});

describe("exports and imports with links", () => {
  it("JSON is lossless: export → import gives the same document", async () => {
    // Nodes come out in pre-order (the demo lists its support last).
    expect(importJson(await exportText(demoDocument, "json"))).toEqual({ ...demoDocument, nodes: preorder(demoDocument) });
  });

  it("Argdown: @argdown/core reads supports as support relations and cross-links as relations", async () => {
    const model = parseWithArgdown(await exportText(demoDocument, "argdown"));
    expect(model.errors).toEqual([]);
    const rel = (from: string, to: string) =>
      model.relations.filter((r) => titleOf(r.from?.title).startsWith(from) && titleOf(r.to?.title).startsWith(to)).map((r) => r.relationType);
    // The support move, under the counterexample it supports: support, not undercut.
    expect(rel("Support 6", "Counterexample 5")).toEqual(["support"]);
    // SUPPORTS and ATTACKS links.
    expect(rel("Support 6", "Counterexample 8")).toEqual(["support"]);
    expect(rel("Rebuttal 9", "Counterexample 5")).toEqual(["attack"]);
    expect(model.relations.filter((r) => r.relationType === "undercut")).toHaveLength(2); // the question and the comment
  });

  it("Argdown: our export imports back with every link exactly (front matter), and supports stay SUPPORT", async () => {
    const doc = importArgdown(await exportText(demoDocument, "argdown"), { now: FIXED_NOW });
    expect(doc.links).toEqual(demoDocument.links);
    expect(doc.nodes.find((n) => n.ref === "n-sup-1")).toMatchObject({ kind: "SUPPORT", parentRef: "n-ce-2" });
  });

  it("Argdown (read by @argdown/core): a hand-written map's relation to an element already in the tree becomes a typed link", () => {
    const doc = importArgdown("[Plan]: Ship it\n  - <Risk>: It might fail\n  + <Evidence>: The pilot worked\n    +> [Plan]\n    -> <Risk>\n  _ <Note>: See the design doc\n    _> <Risk>\n", { now: FIXED_NOW });
    const ref = (title: string) => doc.nodes.find((n) => n.title === title)!.ref;
    // Evidence's support of the plan is its tree edge already; the other relations become links.
    expect(doc.links.map((l) => [l.fromRef, l.toRef, l.type])).toEqual([
      [ref("Evidence"), ref("Risk"), "ATTACKS"],
      // Argdown's undercut is an attack on the inference: a link of type ATTACKS.
      [ref("Note"), ref("Risk"), "ATTACKS"],
    ]);
    expect(doc.nodes.find((n) => n.title === "Evidence")).toMatchObject({ kind: "SUPPORT", side: "BUILDER" });
  });

  it("Kialo: supports are Pro; links are '-> See' lines that import back as the same links", async () => {
    const text = await exportText(demoDocument, "kialo", ROUND_TRIP);
    expect(text).toMatch(/^1\.2\.1\. Pro: In last quarter's red-team round/m);
    const doc = importKialo(text, { now: FIXED_NOW });
    const key = (l: DebateDocument["links"][number]) => [l.fromRef, l.toRef, l.type, l.authorRef, l.createdAt];
    expect(doc.links.map(key)).toEqual(demoDocument.links.map(key));
    expect(doc.nodes).toHaveLength(demoDocument.nodes.length);
  });

  it("Kialo: a hand-written '-> See' claim takes the named claim's text and a SAME_CLAIM link (#15)", () => {
    const doc = importKialo("Discussion Title: T\n\n1. Thesis\n1.1. Pro: A reason\n1.2. Con: An objection\n1.2.1. Con: -> See 1.1.\n", { now: FIXED_NOW });
    expect(doc.nodes.map((n) => n.body)).toEqual(["Thesis", "A reason", "An objection", "A reason"]);
    expect(doc.links.map((l) => [l.fromRef, l.toRef, l.type])).toEqual([["kialo-1.2.1", "kialo-1.1", "SAME_CLAIM"]]);
  });


  it("AIF: RA for the support move and the SUPPORTS link, CA for the ATTACKS link, MA for DUPLICATE_OF", async () => {
    const aif = JSON.parse(await exportText(demoDocument, "aif")) as { nodes: { nodeID: string; type: string }[]; edges: { fromID: string; toID: string }[] };
    const types = aif.nodes.map((n) => n.type);
    const count = (t: string) => types.filter((x) => x === t).length;
    expect(count("MA")).toBe(1);
    expect(count("RA")).toBeGreaterThanOrEqual(2);
    const linkSchemes = aif.nodes.filter((n) => Number(n.nodeID) > demoDocument.nodes.length * 6);
    expect(linkSchemes.map((n) => n.type)).toEqual(["MA", "RA", "CA"]); // SEE_ALSO has no AIF form
  });

  it("GraphML and DOT: every edge has a type; links are typed edges", async () => {
    const graphml = await exportText(demoDocument, "graphml");
    expect(graphml.match(/<data key="type">link<\/data><data key="linkType">(\w+)<\/data>/g)).toHaveLength(4);
    expect(graphml).toContain('<data key="stance">support</data><data key="type">parent</data>');
    const dot = await exportText(demoDocument, "dot");
    expect(dot.match(/type="(SUPPORTS|ATTACKS|SAME_CLAIM|SEE_ALSO|DUPLICATE_OF)"/g)).toHaveLength(4);
    expect(dot).toMatch(/label="supports", type="support"/);
  });
});
