// Issue #13: what an invite link shows before joining (getInvitation), against the real
// database. The page (app/debates/[debateId]/page.tsx) renders it for whoever cannot read
// the debate yet; e2e/invite.spec.ts walks it in Chromium.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { getInvitation, inviteMatches, joinDebate } from "@/lib/server/debate/debates";
import { createDebate, createUser, type DebateFixture } from "@/tests/factories";
import { outcomeOf } from "@/tests/support/services";

const d = db();

describe("getInvitation", () => {
  let fx: DebateFixture<never>;
  beforeAll(async () => {
    fx = await createDebate(d, { visibility: "PRIVATE", title: "Offline backups" });
    await d.user.update({ where: { id: fx.owner.id }, data: { displayName: "Olga Owner" } });
  });

  it("a valid code shows the private debate's title and owner, signed in or not", async () => {
    const stranger = await createUser(d);
    for (const actor of [null, stranger]) {
      expect(await getInvitation(actor, fx.id, fx.inviteCode)).toEqual({
        id: fx.id,
        title: "Offline backups",
        visibility: "PRIVATE",
        owner: { username: expect.any(String), displayName: "Olga Owner" },
        signedIn: actor !== null,
      });
    }
  });

  it("a wrong, empty or near-miss code is the same NOT_FOUND as an unknown debate", async () => {
    const stranger = await createUser(d);
    for (const actor of [null, stranger]) {
      for (const code of ["", "x", fx.inviteCode.slice(1), `${fx.inviteCode}x`, fx.inviteCode.toUpperCase() === fx.inviteCode ? "nope" : fx.inviteCode.toUpperCase()]) {
        expect(await outcomeOf(() => getInvitation(actor, fx.id, code))).toBe("NOT_FOUND");
      }
      expect(await outcomeOf(() => getInvitation(actor, "c0000000000000000000000000", fx.inviteCode))).toBe("NOT_FOUND");
    }
  });

  it("the invitation leads to a membership with the code, and only with it", async () => {
    const invitee = await createUser(d);
    expect(await outcomeOf(() => joinDebate(invitee, fx.id, "BREAKER", "wrong"))).toBe("NOT_FOUND");
    expect(await joinDebate(invitee, fx.id, "BREAKER", fx.inviteCode)).toEqual({ role: "MEMBER", side: "BREAKER" });
  });

  it("inviteMatches compares whole codes", () => {
    expect(inviteMatches("abc", "abc")).toBe(true);
    for (const given of ["ab", "abcd", "abd", "", null, undefined]) expect(inviteMatches("abc", given)).toBe(false);
  });
});
