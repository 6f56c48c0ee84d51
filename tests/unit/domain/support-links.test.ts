// Support moves and typed cross-links in the domain (docs/decisions/012-support-and-links.md):
// supports are weight on the scoreboard, never a knockdown; the link helpers.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeScoreboard, supportCounts } from "@/lib/domain/debate/scoreboard";
import { assertNotSelfLink, createLinkSchema, linkLabel, linksOfNode } from "@/lib/domain/debate/links";
import { LINK_TYPES, type LinkType } from "@/lib/domain/vocabulary";
import { appErrorOf, counterexample, node, patch, proposal, rebuttal } from "./fixtures";

const support = (id: string, parentId: string, extra: Parameters<typeof node>[0] extends infer T ? Partial<T> : never = {}) =>
  node({ id, parentId, kind: "SUPPORT", side: "BREAKER", ...extra });

describe("supports on the scoreboard", () => {
  const versions = [
    { number: 1, nodeId: "p1" },
    { number: 2, nodeId: "x2" },
  ];
  const base = [proposal(), counterexample("c1", "p1", [1]), patch("x2", "c1", []), counterexample("c2", "p1", [2]), rebuttal("r1", "c2")];

  it("counts standing SUPPORT replies and SUPPORTS links, each supporter once", () => {
    const nodes = [...base, support("s1", "c1"), support("s2", "c1", { retractedAt: new Date() }), support("s3", "c1", { prunedAt: new Date() }), support("s4", "c2")];
    const links = [
      { fromId: "r1", toId: "c1", type: "SUPPORTS" },
      { fromId: "s1", toId: "c1", type: "SUPPORTS" }, // s1 already counts as a reply
      { fromId: "s4", toId: "c1", type: "ATTACKS" },
      { fromId: "s2", toId: "c1", type: "SUPPORTS" }, // retracted
    ];
    const board = computeScoreboard({ versions, nodes, links });
    expect(board.counterexamples.map((c) => [c.id, c.supports])).toEqual([
      ["c1", 2],
      ["c2", 1],
    ]);
    expect(supportCounts(nodes, links).get("p1")).toBeUndefined();
  });

  it("property: adding supports (replies or links) to any node never changes dispositions, coverage or standings", () => {
    const ids = base.map((n) => n.id);
    fc.assert(
      fc.property(
        fc.array(fc.record({ target: fc.constantFrom(...ids), asLink: fc.boolean(), from: fc.constantFrom(...ids), retracted: fc.boolean() }), { maxLength: 12 }),
        (adds) => {
          const without = computeScoreboard({ versions, nodes: base });
          const extra = adds.filter((a) => !a.asLink).map((a, i) => support(`sx${i}`, a.target, a.retracted ? { retractedAt: new Date() } : {}));
          const links = adds.filter((a) => a.asLink && a.from !== a.target).map((a) => ({ fromId: a.from, toId: a.target, type: "SUPPORTS" }));
          const withSupports = computeScoreboard({ versions, nodes: [...base, ...extra], links });
          const strip = (b: typeof without) => ({ ...b, counterexamples: b.counterexamples.map(({ supports: _s, ...c }) => c) });
          expect(strip(withSupports)).toEqual(strip(without));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("link helpers", () => {
  it("a self-link is a 400 naming the field", () => {
    expect(appErrorOf(() => assertNotSelfLink({ fromId: "a", toId: "a" }))).toMatchObject({ code: "BAD_REQUEST", details: { field: "toId" } });
    expect(() => assertNotSelfLink({ fromId: "a", toId: "b" })).not.toThrow();
  });

  it("the input schema takes exactly the vocabulary's link types", () => {
    for (const type of LINK_TYPES) expect(createLinkSchema.safeParse({ fromId: "a", toId: "b", type }).success).toBe(true);
    expect(createLinkSchema.safeParse({ fromId: "a", toId: "b", type: "LIKES" }).success).toBe(false);
    expect(createLinkSchema.safeParse({ fromId: "a b", toId: "b", type: "SEE_ALSO" }).success).toBe(false);
  });

  it("lists a node's links outgoing first, with the node at the other end and a label for each direction", () => {
    const links: { fromId: string; toId: string; type: LinkType }[] = [
      { fromId: "b", toId: "a", type: "SUPPORTS" },
      { fromId: "a", toId: "c", type: "SAME_CLAIM" },
      { fromId: "c", toId: "d", type: "ATTACKS" },
    ];
    expect(linksOfNode("a", links).map((l) => [l.direction, l.otherId, linkLabel(l.link.type, l.direction)])).toEqual([
      ["out", "c", "Same claim as"],
      ["in", "b", "Supported by"],
    ]);
  });
});
