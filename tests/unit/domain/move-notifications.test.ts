import { describe, expect, it } from "vitest";
import { draftMoveNotifications, type MoveNotificationInput } from "@/lib/notifications/create";

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
});
