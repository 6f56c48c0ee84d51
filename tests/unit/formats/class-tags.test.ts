// Counterexample classes in our Argdown (docs/decisions/014): a counterexample carries its class
// as an Argdown tag "#(name)" that @argdown/core reads as a tag, the classes travel in the front
// matter, and our re-import restores them exactly; a hand-written tag makes a class by its name.
import { describe, expect, it } from "vitest";
import type { DebateDocument } from "@/lib/formats/document";
import { importArgdown, splitTrailingTags } from "@/lib/formats/import/argdown";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { parseWithArgdown } from "./external-parsers";
import { exportText, FIXED_NOW, preorder } from "./helpers";

const CLASS_AT = "2030-01-05T10:00:00.000Z";

function withClasses(names: { simulator: string; other: string }): DebateDocument {
  const doc = structuredClone(demoDocument);
  doc.classes = [
    { ref: "k-sim", name: names.simulator, description: "It models the human, not the world.", createdByRef: "u-bo", createdAt: CLASS_AT },
    { ref: "k-other", name: names.other, description: "", createdByRef: "u-ada", createdAt: CLASS_AT },
  ];
  for (const n of doc.nodes) {
    if (n.ref === "n-ce-1" || n.ref === "n-ce-2") n.classRef = "k-sim";
    if (n.ref === "n-ce-3") n.classRef = "k-other";
    if (n.ref === "n-patch-1") n.answersClassRefs = ["k-sim"];
  }
  return doc;
}

const classView = (doc: DebateDocument) => preorder(doc).map((n) => ({ ref: n.ref, body: n.body, classRef: n.classRef, answersClassRefs: n.answersClassRefs }));

describe("Argdown export: a counterexample's class as a tag", () => {
  it("writes #(name) after the text, which @argdown/core reads as the argument's tag", async () => {
    const text = await exportText(withClasses({ simulator: "Human simulator", other: "Leaky training" }), "argdown");
    expect(text.match(/#\(Human simulator\)/g)).toHaveLength(2);
    expect(text.match(/#\(Leaky training\)/g)).toHaveLength(1);
    const model = parseWithArgdown(text);
    expect(model.errors).toEqual([]);
    const tagged = Object.values(model.arguments as Record<string, { tags?: string[] }>).filter((a) => a.tags?.length);
    expect(tagged.map((a) => a.tags).sort()).toEqual([["Human simulator"], ["Human simulator"], ["Leaky training"]]);
  });

  it("re-import restores the classes, each counterexample's class and a patch's class answers, with bodies unchanged", async () => {
    const doc = withClasses({ simulator: "Human simulator", other: "Leaky training" });
    const imported = importArgdown(await exportText(doc, "argdown"), { now: FIXED_NOW });
    expect(imported.classes).toEqual(doc.classes);
    expect(classView(imported)).toEqual(classView(doc));
    const twice = importArgdown(await exportText(imported, "argdown"), { now: FIXED_NOW });
    expect(twice).toEqual(imported);
  });

  it("a name a tag cannot hold exactly (parentheses, line breaks) is tidied in the tag and exact after import", async () => {
    const doc = withClasses({ simulator: "Simulator (human)\nor not", other: "{braces}" });
    const text = await exportText(doc, "argdown");
    expect(text).toContain("#(Simulator [human] or not)");
    expect(text).toContain("#([braces])");
    expect(parseWithArgdown(text).errors).toEqual([]);
    expect(importArgdown(text, { now: FIXED_NOW }).classes!.map((c) => c.name)).toEqual(["Simulator (human)\nor not", "{braces}"]);
  });
});

describe("Argdown import: tags written by hand", () => {
  it("a tag on a counterexample with no class makes (or joins) the class of that name; tags are never body text", async () => {
    const text = await exportText(demoDocument, "argdown");
    const lines = text.split("\n");
    const tagLine = (ref: string, tag: string) => {
      const i = lines.findIndex((l) => l.includes(`"ref":"${ref}"`));
      lines[i] = lines[i]!.replace(/ \{"bb"/, ` ${tag} {"bb"`);
    };
    tagLine("n-ce-1", "#(Human simulator)");
    tagLine("n-ce-2", "#(Human simulator) #extra");
    tagLine("n-ce-3", "#Leaks");
    tagLine("n-q-1", "#(Not a class)");
    const imported = importArgdown(lines.join("\n"), { now: FIXED_NOW });
    expect(imported.classes).toEqual([
      { ref: "argdown-class-1", name: "Human simulator", description: "", createdByRef: "u-bo", createdAt: FIXED_NOW.toISOString() },
      { ref: "argdown-class-2", name: "Leaks", description: "", createdByRef: expect.any(String), createdAt: FIXED_NOW.toISOString() },
    ]);
    const byRef = new Map(imported.nodes.map((n) => [n.ref, n]));
    expect([byRef.get("n-ce-1")!.classRef, byRef.get("n-ce-2")!.classRef, byRef.get("n-ce-3")!.classRef]).toEqual(["argdown-class-1", "argdown-class-1", "argdown-class-2"]);
    expect(byRef.get("n-q-1")!.classRef).toBeUndefined();
    // Bodies are as exported: the tags were split off.
    expect(preorder(imported).map((n) => n.body)).toEqual(preorder(demoDocument).map((n) => n.body));
  });

  it("splits only trailing, unescaped tags after a space", () => {
    expect(splitTrailingTags("text #(a b) #c ")).toEqual({ text: "text ", tags: ["a b", "c"] });
    expect(splitTrailingTags("text \\#\\(a\\)")).toEqual({ text: "text \\#\\(a\\)", tags: [] });
    expect(splitTrailingTags("text \\#(a)")).toEqual({ text: "text \\#(a)", tags: [] });
    expect(splitTrailingTags("a#(b)")).toEqual({ text: "a#(b)", tags: [] });
    expect(splitTrailingTags("#(a) middle text")).toEqual({ text: "#(a) middle text", tags: [] });
    expect(splitTrailingTags("issue #12.")).toEqual({ text: "issue #12.", tags: [] });
    expect(splitTrailingTags("#(only)")).toEqual({ text: "", tags: ["only"] });
  });
});
