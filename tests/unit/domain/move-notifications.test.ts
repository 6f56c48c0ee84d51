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

describe("draftEventNotifications", () => {
  const event = {
    actor: { id: "ada", displayName: "Ada" },
    debateTitle: "Trust the reporter",
    node: { title: "Black swan", body: "", authorId: "bo", outcome: null },
    payload: {},
    prunerId: null,
    predictorIds: [],
  };

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
