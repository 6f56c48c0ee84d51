// The pasted-thread reader on the shapes real forum threads have (made-up text; see
// scripts/measure-thread-attachment.ts for the measurement on real threads).
import { describe, expect, it } from "vitest";
import { quoteMatches } from "@/lib/domain/debate/quote";
import { importThread } from "@/lib/formats/import";
import { FIXED_NOW } from "./helpers";

const parentBody = (doc: ReturnType<typeof importThread>, bodyPart: string) => {
  const node = doc.nodes.find((n) => n.body.includes(bodyPart))!;
  const parent = doc.nodes.find((n) => n.ref === node.parentRef)!;
  expect(quoteMatches(parent.body, node.quote!)).toBe(true);
  return parent.body;
};

describe("pasted thread: copied from a web page", () => {
  it("text without any blank line has one paragraph per line", () => {
    const doc = importThread("The bakery should open at six.\nMost customers come before work.\nI disagree that “Most customers come before work”, the queue is at noon.", { now: FIXED_NOW });
    expect(doc.nodes).toHaveLength(3);
    expect(parentBody(doc, "I disagree")).toBe("Most customers come before work.");
  });
  it("blank lines still separate paragraphs (and leading or trailing blank lines do not switch modes)", () => {
    const doc = importThread("\n\nFirst line\nstill the first paragraph.\n\nSecond paragraph.\n\n", { now: FIXED_NOW });
    expect(doc.nodes.map((n) => n.body)).toEqual(["First line\nstill the first paragraph.", "Second paragraph."]);
  });
});

describe("pasted thread: a quotation matches whatever punctuation surrounds it where it came from", () => {
  const text = [
    "Ben: We should test the “slow oven, long rest” method before we buy the new mixer.",
    "Ada: The recipe says the dough needs cold water, warm flour + a long rest, and nothing else.",
    "Cy: You wrote “slow oven, long rest” but the oven only has one speed.",
    "Dee: Why “cold water, warm flour + a long” if the kitchen is hot?",
    "Eve: So “needs cold water” is the whole trick?",
  ].join("\n");
  const doc = importThread(text, { now: FIXED_NOW });

  it("a quotation that was itself in quotation marks earlier", () => {
    expect(parentBody(doc, "You wrote")).toMatch(/^Ben: We should test/);
  });
  it("a quotation whose last word was followed by a comma, with a punctuation-only word in it", () => {
    expect(parentBody(doc, "Why “cold water")).toMatch(/^Ada: The recipe says/);
    expect(parentBody(doc, "So “needs cold water”")).toMatch(/^Ada: The recipe says/);
  });
  it("authors come from the name before the colon only on a line of its own (here they stay in the text)", () => {
    expect(doc.nodes).toHaveLength(5);
  });
});
