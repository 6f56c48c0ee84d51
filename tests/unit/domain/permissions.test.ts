import { describe, expect, it } from "vitest";
import { ACTIONS, assertCan, can, decide, type Action, type ActorContext } from "@/lib/domain/debate/permissions";
import type { NodeKind } from "@/lib/domain/vocabulary";
import { appErrorOf } from "./fixtures";

type Persona = "anonymous" | "stranger" | "owner" | "moderator" | "builder" | "breaker" | "observer";

const membershipOf: Record<Persona, ActorContext["membership"]> = {
  anonymous: null,
  stranger: null,
  owner: { role: "OWNER", side: "BUILDER" },
  moderator: { role: "MODERATOR", side: "OBSERVER" },
  builder: { role: "MEMBER", side: "BUILDER" },
  breaker: { role: "MEMBER", side: "BREAKER" },
  observer: { role: "MEMBER", side: "OBSERVER" },
};

function ctx(persona: Persona, overrides: Partial<ActorContext> = {}, debate: Partial<ActorContext["debate"]> = {}): ActorContext {
  return {
    userId: persona === "anonymous" ? null : `u-${persona}`,
    membership: membershipOf[persona],
    debate: { visibility: "PUBLIC", playMode: "OPEN", ownerId: "u-owner", ...debate },
    // Someone else's node by default.
    target: { authorId: "u-other", kind: "COUNTEREXAMPLE", parentAuthorId: "u-other" },
    ...overrides,
  };
}

const personas: Persona[] = ["anonymous", "stranger", "owner", "moderator", "builder", "breaker", "observer"];
const allowedSet = (action: Action, make: (p: Persona) => ActorContext = (p) => ctx(p)) =>
  personas.filter((p) => can(action, make(p)));

describe("the role × action table on a public debate", () => {
  const expected: Record<Exclude<Action, "node:create">, Persona[]> = {
    "debate:read": personas,
    "debate:list-publicly": personas,
    "debate:join": ["stranger", "owner", "moderator", "builder", "breaker", "observer"],
    "debate:update-settings": ["owner"],
    "debate:set-stuck-threshold": ["owner", "moderator"],
    "debate:leave": ["moderator", "builder", "breaker", "observer"],
    "debate:transfer-ownership": ["owner"],
    "debate:delete": ["owner"],
    "member:invite": ["owner", "moderator"],
    "member:remove": ["owner"],
    "member:set-role": ["owner"],
    "node:edit": [],
    "node:retract": ["owner", "moderator"],
    "node:accept-rebuttal": ["owner", "moderator"],
    "branch:prune": ["owner", "moderator"],
    "branch:reopen": ["owner", "moderator", "builder", "breaker"],
    "branch:estimate": ["owner", "moderator", "builder", "breaker", "observer"],
    "claim:set-mode": ["owner", "moderator", "builder", "breaker"],
    "experiment:edit": ["owner", "moderator", "builder", "breaker"],
    "prediction:create": ["owner", "moderator", "builder", "breaker", "observer"],
    "claim:resolve": ["owner", "moderator"],
    "claim:dispute": ["owner", "moderator", "builder", "breaker", "observer"],
    "claim:reopen-resolution": ["owner", "moderator"],
    "crux:mark": ["owner", "builder", "breaker"],
    "class:create": ["owner", "moderator", "builder", "breaker"],
    "class:edit": ["owner", "moderator"],
    "class:delete": ["owner", "moderator"],
    "counterexample:classify": ["owner", "moderator", "breaker"],
    "counterexample:estimate": ["owner", "moderator", "builder", "breaker", "observer"],
    "debate:set-standing-rule": ["owner"],
    "crux:estimate": ["owner", "moderator", "builder", "breaker", "observer"],
    "summary:write": ["owner", "moderator", "builder", "breaker"],
    "summary:edit": [],
    "summary:endorse": ["owner", "builder", "breaker"],
    "link:create": ["owner", "moderator", "builder", "breaker"],
    // No link named: nobody (see "links" below).
    "link:delete": [],
    "round:open": ["owner"],
    // Any member passes the table; the round's own judge list decides (tests/unit/domain/rounds.test.ts).
    "round:verdict": ["owner", "moderator", "builder", "breaker", "observer"],
    "round:finalise": ["owner"],
  };
  for (const [action, personasAllowed] of Object.entries(expected)) {
    it(`${action}: ${personasAllowed.join(", ") || "nobody but the author"}`, () => {
      expect(allowedSet(action as Action)).toEqual(personasAllowed);
    });
  }
});

describe("authorship", () => {
  const asAuthor = (p: Persona) => ctx(p, { target: { authorId: `u-${p}`, kind: "COUNTEREXAMPLE", parentAuthorId: "u-x" } });

  it("only the author may edit, and only while a member", () => {
    expect(allowedSet("node:edit", asAuthor)).toEqual(["owner", "moderator", "builder", "breaker", "observer"]);
    expect(can("node:edit", ctx("builder"))).toBe(false);
  });

  it("the author may retract and prune their own branch", () => {
    expect(allowedSet("node:retract", asAuthor)).toEqual(["owner", "moderator", "builder", "breaker", "observer"]);
    expect(allowedSet("branch:prune", asAuthor)).toEqual(["owner", "moderator", "builder", "breaker", "observer"]);
  });

  it("only the author may edit a summary", () => {
    expect(allowedSet("summary:edit", asAuthor)).toEqual(["owner", "moderator", "builder", "breaker", "observer"]);
    expect(can("summary:edit", ctx("moderator"))).toBe(false);
  });

  it("the author of the rebutted node may accept the rebuttal; the rebuttal's author may not", () => {
    const rebuttalOf = (p: Persona, parentAuthor: string, rebuttalAuthor = "u-other") =>
      ctx(p, { target: { authorId: rebuttalAuthor, kind: "REBUTTAL", parentAuthorId: parentAuthor } });
    expect(can("node:accept-rebuttal", rebuttalOf("breaker", "u-breaker"))).toBe(true);
    expect(can("node:accept-rebuttal", rebuttalOf("builder", "u-breaker", "u-builder"))).toBe(false);
    expect(can("node:accept-rebuttal", rebuttalOf("builder", "u-breaker"))).toBe(false);
  });

  it("actions on a node need the node", () => {
    for (const action of ["node:edit", "node:retract", "node:accept-rebuttal", "branch:prune"] as const) {
      expect(decide(action, ctx("owner", { target: null }))).toMatchObject({ allowed: false, code: "FORBIDDEN" });
    }
  });
});

describe("counterexample classes", () => {
  it("a class's creator may rename it, whatever their side", () => {
    expect(allowedSet("class:edit", (p) => ctx(p, { classCreatorId: `u-${p}` }))).toEqual(["owner", "moderator", "builder", "breaker", "observer"]);
  });

  it("a class's creator may delete it until a patch answers it; moderators and the owner always", () => {
    expect(allowedSet("class:delete", (p) => ctx(p, { classCreatorId: `u-${p}`, classAnswered: false }))).toEqual(["owner", "moderator", "builder", "breaker", "observer"]);
    expect(allowedSet("class:delete", (p) => ctx(p, { classCreatorId: `u-${p}`, classAnswered: true }))).toEqual(["owner", "moderator"]);
    expect(decide("class:delete", ctx("breaker", { classCreatorId: "u-breaker", classAnswered: true }))).toMatchObject({ allowed: false, message: expect.stringMatching(/A patch answers this class/) });
    expect(decide("class:delete", ctx("breaker", { classCreatorId: "u-other" }))).toMatchObject({ allowed: false, message: expect.stringMatching(/creator, moderators or the owner/) });
  });

  it("a builder classifies only counterexamples they wrote (a class answer would cover the rest)", () => {
    const own = (p: Persona) => ctx(p, { target: { authorId: `u-${p}`, kind: "COUNTEREXAMPLE" } });
    expect(allowedSet("counterexample:classify", own)).toEqual(["owner", "moderator", "builder", "breaker", "observer"]);
    expect(decide("counterexample:classify", ctx("builder"))).toMatchObject({ allowed: false, message: expect.stringMatching(/author, breakers/) });
  });

  it("only counterexamples can be classified", () => {
    expect(can("counterexample:classify", ctx("owner", { target: { authorId: "u-owner", kind: "PATCH" } }))).toBe(false);
    expect(can("counterexample:classify", ctx("owner", { target: null }))).toBe(false);
  });
});

describe("links", () => {
  const someoneElsesLink = (p: Persona) => ctx(p, { link: { authorId: "u-other" } });
  const ownLink = (p: Persona) => ctx(p, { link: { authorId: `u-${p}` } });

  it("the link's author, moderators and the owner may remove a link", () => {
    expect(allowedSet("link:delete", someoneElsesLink)).toEqual(["owner", "moderator"]);
    expect(allowedSet("link:delete", ownLink)).toEqual(["owner", "moderator", "builder", "breaker", "observer"]);
  });

  it("observers may not link; outsiders of a private debate see nothing", () => {
    expect(decide("link:create", ctx("observer"))).toMatchObject({ allowed: false, code: "FORBIDDEN" });
    expect(decide("link:create", ctx("stranger", {}, { visibility: "PRIVATE" }))).toMatchObject({ allowed: false, code: "NOT_FOUND" });
    expect(decide("link:create", ctx("builder", {}, { playMode: "STRICT" }))).toEqual({ allowed: true });
  });
});

describe("node:create", () => {
  const kinds: NodeKind[] = ["PROPOSAL", "COUNTEREXAMPLE", "PATCH", "REBUTTAL", "QUESTION", "COMMENT", "SUPPORT"];
  const allowedKinds = (p: Persona, playMode: "OPEN" | "STRICT") =>
    kinds.filter((kind) => can("node:create", ctx(p, { createKind: kind }, { playMode })));

  it("OPEN mode: builders and breakers may post any kind but the proposal", () => {
    for (const p of ["builder", "breaker"] as const) {
      expect(allowedKinds(p, "OPEN")).toEqual(["COUNTEREXAMPLE", "PATCH", "REBUTTAL", "QUESTION", "COMMENT", "SUPPORT"]);
    }
  });

  it("STRICT mode: counterexamples are for breakers, patches for builders, rebuttals and supports for both", () => {
    expect(allowedKinds("builder", "STRICT")).toEqual(["PATCH", "REBUTTAL", "QUESTION", "COMMENT", "SUPPORT"]);
    expect(allowedKinds("breaker", "STRICT")).toEqual(["COUNTEREXAMPLE", "REBUTTAL", "QUESTION", "COMMENT", "SUPPORT"]);
    expect(decide("node:create", ctx("builder", { createKind: "COUNTEREXAMPLE" }, { playMode: "STRICT" }))).toMatchObject({
      message: expect.stringMatching(/STRICT.*breakers/),
    });
  });

  it("observers, moderators and owners on the observer side may only ask and comment", () => {
    expect(allowedKinds("observer", "OPEN")).toEqual(["QUESTION", "COMMENT"]);
    expect(allowedKinds("moderator", "OPEN")).toEqual(["QUESTION", "COMMENT"]);
  });

  it("non-members cannot post; the kind is required", () => {
    expect(allowedKinds("stranger", "OPEN")).toEqual([]);
    expect(allowedKinds("anonymous", "OPEN")).toEqual([]);
    expect(can("node:create", ctx("builder"))).toBe(false);
    expect(can("node:create", ctx("builder", { createKind: "POEM" as NodeKind }))).toBe(false);
  });
});

describe("visibility", () => {
  const privateCtx = (p: Persona, extra: Partial<ActorContext> = {}) => ctx(p, extra, { visibility: "PRIVATE" });

  it("anyone reads public and unlisted debates; only public ones are listed", () => {
    expect(allowedSet("debate:read", (p) => ctx(p, {}, { visibility: "UNLISTED" }))).toEqual(personas);
    expect(allowedSet("debate:list-publicly", (p) => ctx(p, {}, { visibility: "UNLISTED" }))).toEqual([]);
  });

  it("only members read a private debate; everyone else gets NOT_FOUND for every action", () => {
    expect(allowedSet("debate:read", privateCtx)).toEqual(["owner", "moderator", "builder", "breaker", "observer"]);
    for (const action of ACTIONS) {
      if (action === "debate:join") continue;
      for (const p of ["anonymous", "stranger"] as const) {
        expect(decide(action, privateCtx(p, { createKind: "COMMENT" }))).toMatchObject({ allowed: false, code: "NOT_FOUND" });
      }
    }
    const error = appErrorOf(() => assertCan("debate:read", privateCtx("stranger")));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).not.toMatch(/private/i);
  });

  it("joining a private debate needs an invite; without one it does not exist", () => {
    expect(decide("debate:join", privateCtx("stranger"))).toMatchObject({ code: "NOT_FOUND" });
    expect(can("debate:join", privateCtx("stranger", { hasInvite: true }))).toBe(true);
    expect(decide("debate:join", privateCtx("anonymous", { hasInvite: true }))).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("a member of a private debate keeps full rights", () => {
    expect(can("claim:resolve", privateCtx("moderator"))).toBe(true);
    expect(can("crux:mark", privateCtx("breaker"))).toBe(true);
  });
});

describe("ownership and fail-closed behaviour", () => {
  it("the owner is recognised from debate.ownerId even without a membership row", () => {
    const c = ctx("owner", { membership: null });
    expect(can("debate:update-settings", c)).toBe(true);
    expect(can("debate:set-stuck-threshold", c)).toBe(true);
    expect(can("debate:read", { ...c, debate: { ...c.debate, visibility: "PRIVATE" } })).toBe(true);
    // Without a row the owner plays no side.
    expect(can("crux:mark", c)).toBe(false);
  });

  it("a stale OWNER membership does not make someone the owner", () => {
    const c = ctx("builder", { membership: { role: "OWNER", side: "BUILDER" } });
    expect(can("debate:update-settings", c)).toBe(false);
    expect(can("debate:set-stuck-threshold", c)).toBe(false);
    expect(can("crux:mark", c)).toBe(true);
  });

  it("a membership is ignored when signed out", () => {
    expect(decide("crux:mark", ctx("anonymous", { membership: { role: "MEMBER", side: "BREAKER" } }))).toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("denies unknown actions, roles, sides and settings", () => {
    expect(can("debate:destroy" as Action, ctx("owner"))).toBe(false);
    expect(can("debate:read", ctx("builder", { membership: { role: "ADMIN" as "MEMBER", side: "BUILDER" } }))).toBe(false);
    expect(can("crux:mark", ctx("builder", { membership: { role: "MEMBER", side: "JUDGE" as "BUILDER" } }))).toBe(false);
    expect(can("debate:read", ctx("owner", {}, { visibility: "SECRET" as "PUBLIC" }))).toBe(false);
    expect(can("node:create", ctx("builder", { createKind: "PATCH" }, { playMode: "CHAOS" as "OPEN" }))).toBe(false);
  });
});

describe("leaving, transferring and deleting", () => {
  it("the owner may not leave, and is told to transfer first", () => {
    const error = appErrorOf(() => assertCan("debate:leave", ctx("owner")));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/transfer ownership/);
    // …with or without a membership row.
    expect(can("debate:leave", ctx("owner", { membership: null }))).toBe(false);
  });

  it("a stale OWNER membership is a member's: they may leave, not transfer or delete", () => {
    const c = ctx("builder", { membership: { role: "OWNER", side: "BUILDER" } });
    expect(can("debate:leave", c)).toBe(true);
    expect(can("debate:transfer-ownership", c)).toBe(false);
    expect(can("debate:delete", c)).toBe(false);
  });

  it("outsiders: 401 signed out, FORBIDDEN signed in, NOT_FOUND on a private debate", () => {
    for (const action of ["debate:leave", "debate:transfer-ownership", "debate:delete"] as const) {
      expect(decide(action, ctx("anonymous"))).toMatchObject({ code: "UNAUTHENTICATED" });
      expect(decide(action, ctx("stranger"))).toMatchObject({ code: "FORBIDDEN" });
      expect(decide(action, ctx("stranger", {}, { visibility: "PRIVATE" }))).toMatchObject({ code: "NOT_FOUND" });
    }
  });
});

describe("assertCan errors", () => {
  it("UNAUTHENTICATED when signing in would help", () => {
    const error = appErrorOf(() => assertCan("prediction:create", ctx("anonymous")));
    expect(error.code).toBe("UNAUTHENTICATED");
    expect(error.status).toBe(401);
    expect(appErrorOf(() => assertCan("debate:join", ctx("anonymous"))).code).toBe("UNAUTHENTICATED");
  });

  it("FORBIDDEN with the rule in the message otherwise", () => {
    const stranger = appErrorOf(() => assertCan("prediction:create", ctx("stranger")));
    expect(stranger.code).toBe("FORBIDDEN");
    expect(stranger.message).toMatch(/join/);
    const observer = appErrorOf(() => assertCan("crux:mark", ctx("observer")));
    expect(observer.message).toBe("Only builders and breakers may mark cruxes");
    expect(observer.details).toEqual({ action: "crux:mark" });
  });

  it("does not throw when allowed", () => {
    expect(() => assertCan("claim:resolve", ctx("owner"))).not.toThrow();
  });
});
