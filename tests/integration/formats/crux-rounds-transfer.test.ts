// The crux ledger, summaries and judged rounds travel through the JSON export and the import
// service (PGlite, or PostgreSQL with TEST_DATABASE_URL): every conditional estimate and
// follow-up with its author, summaries with their revision and endorsements, rounds with
// judges, entries and verdicts come back; export → import → export says the same.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { pruneBranch } from "@/lib/server/debate/branches";
import { recordCruxEstimate, recordCruxFollowUp } from "@/lib/server/cruxes/service";
import { createSummary, editSummary, endorseSummary, summariesOf } from "@/lib/server/summaries/service";
import { finaliseRound, openRound, recordVerdict, roundResults } from "@/lib/server/rounds/service";
import { debateState } from "@/lib/server/debate/state";
import { importDebate } from "@/lib/server/transfer/import";
import { validateDocument, type DebateDocument } from "@/lib/formats";
import { createDebate, insertNode } from "../../factories";
import { exportDoc } from "./helpers";
import { validateWithJsonSchema } from "../../unit/formats/external-parsers";

const HOUR = 60 * 60 * 1000;
const later = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** The optional sections with every participant and node ref replaced by a name or title, so two debates compare. */
function sectionsByName(doc: DebateDocument) {
  const names = new Map<string, string>([
    ...doc.participants.map((p): [string, string] => [p.ref, `@${p.displayName}`]),
    ...doc.nodes.map((n): [string, string] => [n.ref, `#${n.title}`]),
  ]);
  const { cruxLedger, summaries, rounds } = doc;
  return JSON.parse(JSON.stringify({ cruxLedger, summaries, rounds }), (_key, value: unknown) =>
    typeof value === "string" && names.has(value) ? names.get(value) : value,
  ) as Pick<DebateDocument, "cruxLedger" | "summaries" | "rounds">;
}

describe("crux ledger, summaries and rounds in the JSON document", () => {
  it("export → import → export is equal on these sections, and the imported debate reads the same", async () => {
    const fx = await createDebate(db(), {
      title: "Sections round trip",
      members: { builder: { side: "BUILDER" }, breaker: { side: "BREAKER" }, judge: { side: "OBSERVER" } },
    });
    const { builder, breaker, judge } = fx.members;
    const opened = new Date(Date.now() - 1000);
    const deadline = later(opened, HOUR);
    await openRound(fx.owner, fx.id, { title: "Round one", rubric: "Handles every counterexample so far?", deadline: deadline.toISOString(), judgeIds: [judge.id] }, opened);
    const ce = await insertNode(db(), { debateId: fx.id, parentId: fx.rootNodeId, author: breaker, kind: "COUNTEREXAMPLE", title: "Stale reads" });
    const patch = await insertNode(db(), { debateId: fx.id, parentId: ce.id, author: builder, kind: "PATCH", title: "Invalidate on write", answersNodeIds: [ce.id] });
    const conceded = await insertNode(db(), { debateId: fx.id, parentId: fx.rootNodeId, author: breaker, kind: "QUESTION", title: "Does p99 matter?" });

    // Conditionals with history, a double crux on the counterexample, a conceded claim with follow-ups.
    await recordCruxEstimate(builder, fx.id, ce.id, { credence: 0.7, ifTrue: 0.8, ifFalse: 0.3 });
    await recordCruxEstimate(builder, fx.id, ce.id, { credence: 0.8, ifTrue: 0.9, ifFalse: 0.3 });
    await recordCruxEstimate(breaker, fx.id, ce.id, { credence: 0.2, ifTrue: 0.7, ifFalse: 0.1 });
    await recordCruxEstimate(builder, fx.id, conceded.id, { credence: 0.6, ifTrue: 0.9, ifFalse: 0.2 });
    await recordCruxEstimate(breaker, fx.id, conceded.id, { credence: 0.4, ifTrue: 0.5, ifFalse: 0.1 });
    await pruneBranch(breaker, fx.id, conceded.id, { category: "CONCEDED", reason: "It does not matter here." });
    await recordCruxFollowUp(builder, fx.id, conceded.id, { action: "CONFIRM" });
    await recordCruxFollowUp(breaker, fx.id, conceded.id, { action: "REVISE", credence: 0.3 });

    // A summary edited once (revision 2), then endorsed by both sides: pinned.
    const summary = await createSummary(builder, fx.id, { body: "Stale reads are the open question." });
    await editSummary(builder, fx.id, summary.id, { body: "Stale reads are the open question; p99 was conceded.", revision: 1 });
    await endorseSummary(builder, fx.id, summary.id);
    await endorseSummary(breaker, fx.id, summary.id);
    // A second, unendorsed summary stays a draft.
    await createSummary(breaker, fx.id, { body: "Draft by the breaker." });

    // The deadline passes; the judge records a verdict with a reason; the owner finalises.
    await recordVerdict(judge, fx.id, 1, patch.id, { verdict: "HOLDS", reason: "Answers the only counterexample." }, later(deadline, 1000));
    await finaliseRound(fx.owner, fx.id, 1, later(deadline, 2000));

    const first = validateDocument(await exportDoc(fx.owner, fx.id));
    expect(validateWithJsonSchema(first), JSON.stringify(validateWithJsonSchema.errors)).toBe(true);
    const named = sectionsByName(first);
    expect(named.cruxLedger!.find((c) => c.nodeRef === "#Stale reads")!.estimates.map((e) => [e.userRef, e.credence])).toEqual([
      [`@${builder.displayName}`, 0.7],
      [`@${builder.displayName}`, 0.8],
      [`@${breaker.displayName}`, 0.2],
    ]);
    expect(named.cruxLedger!.find((c) => c.nodeRef === "#Does p99 matter?")!.followUps.map((f) => [f.userRef, f.confirmed, f.credence])).toEqual([
      [`@${builder.displayName}`, true, 0.2],
      [`@${breaker.displayName}`, false, 0.3],
    ]);
    // Newest first, as the app lists them.
    expect(named.summaries).toEqual([
      expect.objectContaining({ authorRef: `@${breaker.displayName}`, revision: 1, endorsed: false, pinned: false, endorsements: [] }),
      expect.objectContaining({ authorRef: `@${builder.displayName}`, revision: 2, endorsed: true, pinned: true, endorsements: [expect.objectContaining({ userRef: `@${builder.displayName}` }), expect.objectContaining({ userRef: `@${breaker.displayName}` })] }),
    ]);
    expect(named.rounds).toEqual([
      {
        number: 1, title: "Round one", rubric: "Handles every counterexample so far?", openedByRef: `@${fx.owner.displayName}`,
        openedAt: opened.toISOString(), deadline: deadline.toISOString(), finalisedAt: later(deadline, 2000).toISOString(),
        judgeRefs: [`@${judge.displayName}`],
        entryRefs: ["#Stale reads", "#Invalidate on write"],
        verdicts: [expect.objectContaining({ nodeRef: "#Invalidate on write", judgeRef: `@${judge.displayName}`, verdict: "HOLDS", reason: "Answers the only counterexample." })],
      },
    ]);

    const imported = await importDebate(fx.owner, first);
    const second = validateDocument(await exportDoc(fx.owner, imported.id));
    expect(sectionsByName(second)).toEqual(named);

    // The imported debate reads the same: settled claim with actual updates, pinned summary, judged round.
    const [before, after] = await Promise.all([debateState(fx.owner, fx.id), debateState(fx.owner, imported.id)]);
    expect(after.settledCruxes.map((c) => [c.title, c.outcome, c.people.map((p) => [p.displayName, p.actualUpdate])])).toEqual(
      before.settledCruxes.map((c) => [c.title, c.outcome, c.people.map((p) => [p.displayName, p.actualUpdate])]),
    );
    expect(after.doubleCruxes.map((c) => c.title)).toEqual(["Stale reads"]);
    expect(after.pinnedSummary).toMatchObject({ body: "Stale reads are the open question; p99 was conceded.", revision: 2, endorsed: true });
    expect((await summariesOf(imported.id)).summaries).toHaveLength(2);
    const results = await roundResults(fx.owner, imported.id, 1, later(deadline, 3000));
    expect(results.round).toMatchObject({ status: "judged", title: "Round one", judges: [{ displayName: judge.displayName }] });
    expect(results.entries.map((e) => [e.title, e.verdicts.map((v) => [v.judgeName, v.verdict, v.reason])])).toEqual([
      ["Stale reads", []],
      ["Invalidate on write", [[judge.displayName, "HOLDS", "Answers the only counterexample."]]],
    ]);
  }, 180_000);

  it("a document whose round names a judge's verdict on their own patch is refused, and nothing is written", async () => {
    const fx = await createDebate(db(), { members: { builder: { side: "BUILDER" }, judge: { side: "OBSERVER" } } });
    const opened = new Date(Date.now() - 1000);
    await openRound(fx.owner, fx.id, { title: "R", rubric: "r", deadline: later(opened, HOUR).toISOString(), judgeIds: [fx.members.judge.id] }, opened);
    const patch = await insertNode(db(), { debateId: fx.id, parentId: fx.rootNodeId, author: fx.members.builder, kind: "PATCH", title: "Mine" });
    await recordVerdict(fx.members.judge, fx.id, 1, patch.id, { verdict: "BROKEN", reason: "No." }, later(opened, HOUR + 1000));
    const doc = await exportDoc(fx.owner, fx.id);
    const author = doc.nodes.find((n) => n.title === "Mine")!.authorRef;
    doc.rounds![0]!.judgeRefs.push(author);
    doc.rounds![0]!.verdicts[0]!.judgeRef = author;
    const debates = await db().debate.count();
    expect(() => validateDocument(doc)).toThrow(/their own patch/);
    expect(await db().debate.count()).toBe(debates);
  });
});
