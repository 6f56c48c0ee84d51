import { describe, expect, it } from "vitest";
import { clipWords } from "@/lib/domain/text";
import { draftEventNotifications, draftMoveNotifications, type MoveNotificationInput } from "@/lib/domain/notifications/drafts";

const base: MoveNotificationInput = {
  actor: { id: "bo", displayName: "Bo" },
  debate: { title: "Trust the reporter", visibility: "PUBLIC", ownerId: "ada" },
  node: { kind: "COMMENT", title: "", body: "a reply", targetVersions: [] },
  parent: { authorId: "ada", title: "", body: "the parent text" },
  versions: [
    { number: 1, authorId: "ada" },
    { number: 2, authorId: "cy" },
    { number: 3, authorId: "ada" },
  ],
  memberIds: new Set<string>(),
};

describe("draftMoveNotifications", () => {
  it("a reply notifies the parent's author", () => {
    expect(draftMoveNotifications(base)).toEqual([
      { userId: "ada", type: "reply", message: "Bo replied to your node “the parent text” in “Trust the reporter”" },
    ]);
  });

  it("a counterexample notifies each targeted version's author once, instead of a plain reply", () => {
    const drafts = draftMoveNotifications({ ...base, node: { kind: "COUNTEREXAMPLE", title: "Swan", body: "x", targetVersions: [3, 1, 2] } });
    expect(drafts).toEqual([
      { userId: "ada", type: "counterexample", message: "Bo posted a counterexample “Swan” against your proposal version 1, 3 in “Trust the reporter”" },
      { userId: "cy", type: "counterexample", message: "Bo posted a counterexample “Swan” against your proposal version 2 in “Trust the reporter”" },
    ]);
  });

  it("never notifies the actor", () => {
    expect(draftMoveNotifications({ ...base, actor: { id: "ada", displayName: "Ada" } })).toEqual([]);
  });

  it("in a private debate, only the owner and members hear of it", () => {
    const privateDebate = { ...base.debate, visibility: "PRIVATE", ownerId: "someone-else" };
    expect(draftMoveNotifications({ ...base, debate: privateDebate })).toEqual([]);
    expect(draftMoveNotifications({ ...base, debate: privateDebate, memberIds: new Set(["ada"]) })).toHaveLength(1);
    expect(draftMoveNotifications({ ...base, debate: { ...privateDebate, ownerId: "ada" } })).toHaveLength(1);
  });

  it("labels are cut to 60 characters and messages to 300", () => {
    const long = "word ".repeat(200);
    const [draft] = draftMoveNotifications({ ...base, parent: { authorId: "ada", title: "", body: long }, debate: { ...base.debate, title: long } });
    expect(draft!.message.length).toBeLessThanOrEqual(300);
    expect(draft!.message).toContain("…”");
  });

  it("titles are cut at a word boundary, never mid-word", () => {
    const title = "Eliciting latent knowledge from reporters that were trained on human labels only";
    const [draft] = draftMoveNotifications({ ...base, parent: { authorId: "ada", title, body: "" }, debate: { ...base.debate, title: `${title} ${title}` } });
    expect(draft!.message).toBe(
      "Bo replied to your node “Eliciting latent knowledge from reporters that were trained…” in “Eliciting latent knowledge from reporters that were trained on human labels…”",
    );
  });
});

describe("clipWords", () => {
  it("keeps short text, cuts long text after the last whole word and adds an ellipsis within the limit", () => {
    expect(clipWords("short enough", 20)).toBe("short enough");
    expect(clipWords("Trust the reporter", 15)).toBe("Trust the…");
    expect(clipWords("Trust the reporter", 10)).toBe("Trust the…"); // the cut falls on a space
    for (const max of [5, 10, 17, 30]) expect(clipWords("Trust the reporter, but verify it twice".repeat(2), max).length).toBeLessThanOrEqual(max);
  });

  it("cuts a single long word at a code point, never half a surrogate pair", () => {
    expect(clipWords("Supercalifragilisticexpialidocious", 10)).toBe("Supercali…");
    expect(clipWords("ab 😀😀😀😀😀😀😀😀", 8)).toBe("ab 😀😀…");
  });
});

/** An event as draftEventNotifications reads it: Ada acts on Bo's move in "Trust the reporter". */
const event = {
  actor: { id: "ada", displayName: "Ada" },
  debateTitle: "Trust the reporter",
  node: { title: "Black swan", body: "", authorId: "bo", outcome: null },
  payload: {},
  prunerId: null,
  predictorIds: [],
};

describe("draftEventNotifications", () => {

  it("an invitation names who invited, the debate and the side", () => {
    expect(draftEventNotifications({ ...event, type: "member.joined", node: null, payload: { userId: "cy", side: "OBSERVER", invitedBy: "ada" } })).toEqual([
      { userId: "cy", type: "member.invited", message: "Ada invited you to the debate “Trust the reporter” as an observer" },
    ]);
    expect(draftEventNotifications({ ...event, type: "member.joined", node: null, payload: { side: "BUILDER" } })).toEqual([]); // joined by themselves
  });

  it("a reopen tells the author and whoever pruned it, once each, never the reopener", () => {
    const reopen = { ...event, type: "branch.reopened" };
    expect(draftEventNotifications({ ...reopen, prunerId: "cy" }).map((d) => [d.userId, d.message])).toEqual([
      ["bo", "Ada reopened your branch “Black swan” in “Trust the reporter”"],
      ["cy", "Ada reopened the branch “Black swan” that you pruned in “Trust the reporter”"],
    ]);
    expect(draftEventNotifications({ ...reopen, prunerId: "bo" }).map((d) => d.userId)).toEqual(["bo"]);
    expect(draftEventNotifications({ ...reopen, prunerId: "ada" }).map((d) => d.userId)).toEqual(["bo"]);
  });
});

describe("class and rule notifications (#14)", () => {

  it("classifying someone else's counterexample tells its author, in, across and out; never the author themself", () => {
    const classified = (payload: Record<string, unknown>) => draftEventNotifications({ ...event, type: "counterexample.classified", payload });
    expect(classified({ classId: "k1", className: "Human simulator", fromClassId: null })).toEqual([
      { userId: "bo", type: "counterexample.classified", message: "Ada put your counterexample “Black swan” into the class “Human simulator” in “Trust the reporter”" },
    ]);
    expect(classified({ classId: "k2", className: "B", fromClassId: "k1", fromClassName: "A" })[0]!.message).toBe("Ada moved your counterexample “Black swan” from the class “A” to “B” in “Trust the reporter”");
    expect(classified({ classId: null, fromClassId: "k1", fromClassName: "A" })[0]!.message).toBe("Ada took your counterexample “Black swan” out of the class “A” in “Trust the reporter”");
    expect(draftEventNotifications({ ...event, actor: { id: "bo", displayName: "Bo" }, type: "counterexample.classified", payload: { classId: "k1", className: "A" } })).toEqual([]);
  });

  it("a long class name is cut at a word boundary", () => {
    const name = "the reporter learns a human simulator instead of the direct translator it was meant to be";
    const [draft] = draftEventNotifications({ ...event, type: "counterexample.classified", payload: { classId: "k1", className: name } });
    expect(draft!.message).toContain(`“${clipWords(name, 60)}”`);
    expect(clipWords(name, 60)).toMatch(/\w…$/);
    expect(draft!.message).not.toContain("translator it was");
  });

  it("a patch answering a class tells each member's author once, before a plain reply, never the patch's author", () => {
    const drafts = draftMoveNotifications({
      ...base,
      node: { kind: "PATCH", title: "Held-out facts", body: "", targetVersions: [] },
      classMembers: [
        { authorId: "ada", title: "Imitates the labeller", body: "", className: "Human simulator" },
        { authorId: "cy", title: "", body: "Simulates the human", className: "Human simulator" },
        { authorId: "bo", title: "Own", body: "", className: "Human simulator" },
        { authorId: "cy", title: "Second", body: "", className: "Human simulator" },
      ],
    });
    expect(drafts).toEqual([
      { userId: "ada", type: "class.answered", message: "Bo posted a patch “Held-out facts” answering the class “Human simulator”, which holds your counterexample “Imitates the labeller”, in “Trust the reporter”" },
      { userId: "cy", type: "class.answered", message: "Bo posted a patch “Held-out facts” answering the class “Human simulator”, which holds your counterexample “Simulates the human”, in “Trust the reporter”" },
    ]);
  });

  it("a changed broken rule tells every builder and breaker but the owner who changed it", () => {
    const drafts = draftEventNotifications({
      ...event, node: null, type: "debate.standing-rule-changed", playerIds: ["bo", "ada", "cy"],
      payload: { from: { rule: "ANY_LIVE", threshold: 50 }, to: { rule: "PLAUSIBILITY_THRESHOLD", threshold: 30 } },
    });
    expect(drafts.map((d) => d.userId)).toEqual(["bo", "cy"]);
    expect(drafts[0]!.message).toBe("Ada changed what marks a version broken in “Trust the reporter”: now a live counterexample with median plausibility of at least 30 % (or not yet weighed), before any live counterexample");
  });

  it("a deleted class tells its members' and answering patches' authors, the member wording first", () => {
    const drafts = draftEventNotifications({
      ...event, node: null, type: "class.deleted",
      payload: { name: "Human simulator", memberIds: ["c1"], answeredByPatchIds: ["p1"] },
      classNodes: [
        { id: "p1", title: "The fix", body: "", authorId: "bo" },
        { id: "c1", title: "Imitates", body: "", authorId: "bo" },
        { id: "p1", title: "The fix", body: "", authorId: "cy" },
      ],
    });
    expect(drafts).toEqual([
      { userId: "bo", type: "class.deleted", message: "Ada deleted the class “Human simulator” in “Trust the reporter”; your counterexample “Imitates” is in no class now, and patches that answered only the class no longer answer it" },
      { userId: "cy", type: "class.deleted", message: "Ada deleted the class “Human simulator” in “Trust the reporter”; your patch “The fix” no longer answers its counterexamples through it" },
    ]);
  });
});
