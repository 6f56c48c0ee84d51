// Counterexample classes and weights travel through the JSON export and import (PGlite, or
// PostgreSQL with TEST_DATABASE_URL): classes, membership, whole-class answers, every estimate
// and the debate's broken rule come back, and the imported debate stands the same way.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { classifyCounterexample, createClass, recordPlausibility, setStandingRule } from "@/lib/server/debate/classes";
import { createNode } from "@/lib/server/debate/nodes";
import { debateOverview } from "@/lib/server/debate/overview";
import { importDebate } from "@/lib/server/transfer/import";
import { validateDocument, type DebateDocument } from "@/lib/formats";
import { createDebate } from "../../factories";
import { exportDoc, exportText } from "./helpers";
import { importArgdown } from "@/lib/formats/import/argdown";
import { validateWithJsonSchema } from "../../unit/formats/external-parsers";

/** What a document says about classes and weights, by names and texts instead of refs. */
function weighingOf(doc: DebateDocument) {
  const nameOf = new Map((doc.classes ?? []).map((c) => [c.ref, c.name]));
  const nodeName = new Map(doc.nodes.map((n) => [n.ref, n.title]));
  const personOf = new Map(doc.participants.map((p) => [p.ref, p.displayName]));
  return {
    rule: [doc.debate.brokenRule, doc.debate.brokenThreshold],
    classes: (doc.classes ?? []).map((c) => ({ name: c.name, description: c.description, by: personOf.get(c.createdByRef) })),
    nodes: doc.nodes
      .filter((n) => n.classRef || n.answersClassRefs || n.plausibilityEstimates)
      .map((n) => ({
        title: nodeName.get(n.ref),
        classRef: n.classRef && nameOf.get(n.classRef),
        answersClassRefs: n.answersClassRefs?.map((r) => nameOf.get(r)),
        estimates: n.plausibilityEstimates?.map((e) => [personOf.get(e.userRef), e.side, e.plausibility, e.severity, e.createdAt]),
      })),
  };
}

describe("classes and weights in the JSON document", () => {
  it("round-trip: export, import, export again says the same, and the imported debate stands the same", async () => {
    const fx = await createDebate(db(), { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" } } });
    const { builder, breaker } = fx.members;
    const post = (title: string) => createNode(breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title, body: `${title}: the plan fails` });
    const c1 = await post("First");
    const c2 = await post("Second");
    const k = await createClass(breaker, fx.id, { name: "Family", description: "Both fail the same way" });
    await classifyCounterexample(breaker, fx.id, c1.id, { classId: k.id });
    await classifyCounterexample(breaker, fx.id, c2.id, { classId: k.id });
    await createNode(builder, fx.id, { parentId: fx.rootNodeId, kind: "PATCH", title: "Fix", body: "Fix both", proposal: "v2", answersClassIds: [k.id] });
    const c3 = await post("Third");
    await recordPlausibility(builder, fx.id, c3.id, { plausibility: 5, severity: "BREAKS" });
    await recordPlausibility(breaker, fx.id, c3.id, { plausibility: 70, severity: "BREAKS" });
    await recordPlausibility(breaker, fx.id, c3.id, { plausibility: 40, severity: "DEGRADES" });
    await setStandingRule(fx.owner, fx.id, { rule: "PLAUSIBILITY_THRESHOLD", threshold: 30 });

    const first = validateDocument(await exportDoc(fx.owner, fx.id));
    // The JSON Schema twin (public/schemas/builder-breaker-2.schema.json) accepts it too.
    expect(validateWithJsonSchema(first), JSON.stringify(validateWithJsonSchema.errors)).toBe(true);
    expect(weighingOf(first)).toMatchObject({
      rule: ["PLAUSIBILITY_THRESHOLD", 30],
      classes: [{ name: "Family", description: "Both fail the same way" }],
      nodes: [
        { title: "First", classRef: "Family" },
        { title: "Second", classRef: "Family" },
        { title: "Fix", answersClassRefs: ["Family"] },
        { title: "Third", estimates: [expect.arrayContaining([5]), expect.arrayContaining([70]), expect.arrayContaining([40, "DEGRADES"])] },
      ],
    });

    const imported = await importDebate(fx.owner, first);
    const second = validateDocument(await exportDoc(fx.owner, imported.id));
    expect(weighingOf(second)).toEqual(weighingOf(first));
    const [before, after] = await Promise.all([debateOverview(fx.owner, fx.id), debateOverview(fx.owner, imported.id)]);
    expect(after.weighing.rule).toEqual(before.weighing.rule);
    expect(after.weighing.standings.map((s) => [s.number, s.status, s.text])).toEqual(before.weighing.standings.map((s) => [s.number, s.status, s.text]));
    expect(after.scoreboard.versions.map((v) => v.status)).toEqual(["broken", "broken"]);
    expect(after.weighing.current).toMatchObject({ number: 2, status: "stands", text: "stands (1 live counterexample below the rule)" });
  }, 180_000);

  it("our Argdown export tags each classified counterexample, and importing it restores classes and class answers", async () => {
    const fx = await createDebate(db(), { members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" } } });
    const { builder, breaker } = fx.members;
    const c1 = await createNode(breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "One", body: "It fails (once)" });
    const k = await createClass(breaker, fx.id, { name: "Family (A)", description: "" });
    await classifyCounterexample(breaker, fx.id, c1.id, { classId: k.id });
    await createNode(builder, fx.id, { parentId: fx.rootNodeId, kind: "PATCH", title: "Fix", body: "Fix it", proposal: "v2", answersClassIds: [k.id] });

    const text = await exportText(fx.owner, fx.id, "argdown");
    expect(text).toContain("#(Family [A])");
    const imported = await importDebate(fx.owner, importArgdown(text));
    const again = validateDocument(await exportDoc(fx.owner, imported.id));
    expect(weighingOf(again)).toEqual(weighingOf(validateDocument(await exportDoc(fx.owner, fx.id))));
    expect(again.nodes.find((n) => n.title === "One")!.body).toBe("It fails (once)");
  }, 180_000);

  it("a debate without classes or weights exports without the new fields", async () => {
    const fx = await createDebate(db());
    const doc = await exportDoc(fx.owner, fx.id);
    expect(doc).not.toHaveProperty("classes");
    expect(doc.debate).not.toHaveProperty("brokenRule");
    for (const n of doc.nodes) for (const key of ["classRef", "answersClassRefs", "plausibilityEstimates"]) expect(n).not.toHaveProperty(key);
  });

  it("refuses a document whose class refs do not hold, naming the path", async () => {
    const fx = await createDebate(db(), { members: { breaker: { side: "BREAKER" } } });
    await post(fx);
    const doc = await exportDoc(fx.owner, fx.id);
    const withClass = { ...doc, classes: [{ ref: "k", name: "K", description: "", createdByRef: doc.participants[0]!.ref, createdAt: doc.debate.createdAt }] };
    const onProposal = { ...withClass, nodes: doc.nodes.map((n, i) => (i === 0 ? { ...n, classRef: "k" } : n)) };
    expect(() => validateDocument(onProposal)).toThrow(/a PROPOSAL is in a class/);
    const unknown = { ...withClass, nodes: doc.nodes.map((n) => (n.kind === "COUNTEREXAMPLE" ? { ...n, classRef: "nope" } : n)) };
    expect(() => validateDocument(unknown)).toThrow(/unknown class "nope"/);
    const badEstimate = { ...doc, nodes: doc.nodes.map((n) => (n.kind === "COUNTEREXAMPLE" ? { ...n, plausibilityEstimates: [{ userRef: doc.participants[0]!.ref, side: "BREAKER", plausibility: 140, severity: "BREAKS", createdAt: doc.debate.createdAt }] } : n)) };
    expect(() => validateDocument(badEstimate)).toThrow();
  });
});

async function post(fx: Awaited<ReturnType<typeof createDebate<"breaker">>>) {
  return createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "Lone", body: "It fails alone" });
}
