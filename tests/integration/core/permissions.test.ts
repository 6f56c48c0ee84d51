// Role × action × visibility matrix over the real services and database.
// The expectations are written out from docs/permissions.md (not computed with
// lib/domain/debate/permissions.ts), so a drift between the services and the
// documented rules fails the cell that drifted. Every denied cell also checks
// that nothing was written.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/domain/errors";
import {
  getDebate,
  inviteMember,
  joinDebate,
  removeMember,
  setMemberRole,
  switchSide,
  updateDebate,
} from "@/lib/server/debate/debates";
import { acceptRebuttal, createNode, editNode, getNodeDetail, retractNode, searchNodes } from "@/lib/server/debate/nodes";
import { pruneBranch, reopenBranch } from "@/lib/server/debate/branches";
import { deleteDebate, leaveDebate, transferOwnership } from "@/lib/server/debate/lifecycle";
import { debateOverview } from "@/lib/server/debate/overview";
import type { PlayMode, Side, Visibility } from "@/lib/domain/vocabulary";
import { addMember, createDebate, createUser, insertNode, type DebateFixture } from "@/tests/factories";
import { outcomeOf, readTree, type Outcome } from "@/tests/support/services";

type Who = "anonymous" | "nonMember" | "observer" | "builder" | "breaker" | "moderator" | "owner";
type MemberWho = Exclude<Who, "anonymous" | "nonMember">;
type Named = "observer" | "builder" | "breaker" | "moderator" | "author";
type Fx = DebateFixture<Named>;

const WHO: readonly Who[] = ["anonymous", "nonMember", "observer", "builder", "breaker", "moderator", "owner"];
const MEMBERS: readonly MemberWho[] = ["observer", "builder", "breaker", "moderator", "owner"];
const VISIBILITIES: readonly Visibility[] = ["PUBLIC", "UNLISTED", "PRIVATE"];
const MODES: readonly PlayMode[] = ["OPEN", "STRICT"];
const KINDS = ["COUNTEREXAMPLE", "PATCH", "REBUTTAL", "QUESTION", "COMMENT"] as const;

// The sides the fixture gives each member. The moderator sits on the observer
// side ("moderates but does not play"); the owner plays as a builder.
const SIDE: Record<MemberWho, Side> = {
  observer: "OBSERVER",
  builder: "BUILDER",
  breaker: "BREAKER",
  moderator: "OBSERVER",
  owner: "BUILDER",
};
const isStaff = (w: Who) => w === "moderator" || w === "owner";
const isMember = (w: Who): w is MemberWho => w !== "anonymous" && w !== "nonMember";

/** What an outsider gets for any member action; null for members. */
function outsider(who: Who, visibility: Visibility): Outcome | null {
  if (who === "anonymous") return visibility === "PRIVATE" ? "NOT_FOUND" : "UNAUTHENTICATED";
  if (who === "nonMember") return visibility === "PRIVATE" ? "NOT_FOUND" : "FORBIDDEN";
  return null;
}

const d = db();
let outsiderUser: Actor;
const debates = {} as Record<Visibility, Record<PlayMode, Fx>>;

async function makeFixture(visibility: Visibility, playMode: PlayMode): Promise<Fx> {
  return createDebate(d, {
    visibility,
    playMode,
    ownerSide: SIDE.owner,
    members: {
      observer: { side: "OBSERVER" },
      builder: { side: "BUILDER" },
      breaker: { side: "BREAKER" },
      moderator: { side: SIDE.moderator, role: "MODERATOR" },
      // Writes the nodes that are "someone else's" for every actor.
      author: { side: "BUILDER" },
    },
  });
}

beforeAll(async () => {
  outsiderUser = await createUser(d, { displayName: "Outsider" });
  for (const visibility of VISIBILITIES) {
    debates[visibility] = {} as Record<PlayMode, Fx>;
    for (const mode of MODES) debates[visibility][mode] = await makeFixture(visibility, mode);
  }
});

function actorFor(fx: Fx, who: Who): Actor | null {
  if (who === "anonymous") return null;
  if (who === "nonMember") return outsiderUser;
  if (who === "owner") return fx.owner;
  return fx.members[who];
}

/** Mutating services are typed for signed-in actors; the API layer stops anonymous calls, and so must the service. */
const asActor = (a: Actor | null) => a as Actor;

/**
 * Everything a service in this matrix may write for one debate, in one query:
 * row counts plus digests of the mutable state (nodes, memberships, settings).
 */
async function writes(debateId: string) {
  const rows = await d.$queryRaw<Record<string, unknown>[]>`
    SELECT
      (SELECT count(*)::int FROM "DebateEvent" WHERE "debateId" = ${debateId}) AS "events",
      (SELECT count(*)::int FROM "RoleChange" WHERE "debateId" = ${debateId}) AS "roleChanges",
      (SELECT count(*)::int FROM "PruneEvent" WHERE "debateId" = ${debateId}) AS "pruneEvents",
      (SELECT count(*)::int FROM "ProposalVersion" WHERE "debateId" = ${debateId}) AS "versions",
      (SELECT count(*)::int FROM "NodeRevision" r JOIN "Node" n ON n."id" = r."nodeId" WHERE n."debateId" = ${debateId}) AS "revisions",
      (SELECT count(*)::int FROM "Node" WHERE "debateId" = ${debateId}) AS "nodes",
      (SELECT md5(coalesce(string_agg(concat_ws('|', "userId", "role", "side"), ',' ORDER BY "userId"), ''))
         FROM "Membership" WHERE "debateId" = ${debateId}) AS "memberships",
      (SELECT md5(coalesce(string_agg(concat_ws('|', "id", "revision", "title", "body", "retractedAt", "prunedAt", "acceptedAt"), ',' ORDER BY "id"), ''))
         FROM "Node" WHERE "debateId" = ${debateId}) AS "nodeState",
      (SELECT md5(concat_ws('|', "title", "context", "visibility", "playMode", "stuckAfterDays", "inviteCode", "ownerId"))
         FROM "Debate" WHERE "id" = ${debateId}) AS "debate"`;
  return rows[0]!;
}

/** Runs one cell: the outcome must match, a denial must write nothing, a success exactly one event. */
async function check(debateId: string, expected: Outcome, fn: () => Promise<unknown>, opts: { read?: boolean } = {}) {
  const before = await writes(debateId);
  const outcome = await outcomeOf(fn);
  expect(outcome).toBe(expected);
  const after = await writes(debateId);
  if (expected !== "ok" || opts.read) expect(after).toEqual(before);
  else expect(after.events).toBe((before.events as number) + 1);
}

function cellName(action: string, visibility: Visibility, who: Who, expected: Outcome, extra = "") {
  return `${action}${extra ? ` ${extra}` : ""} · ${visibility} · ${who} → ${expected}`;
}

// ---------- node:create ----------

function expectedCreate(kind: (typeof KINDS)[number], mode: PlayMode, who: Who, visibility: Visibility): Outcome {
  const out = outsider(who, visibility);
  if (out) return out;
  const side = SIDE[who as MemberWho];
  if (kind === "QUESTION" || kind === "COMMENT") return "ok";
  if (side === "OBSERVER") return "FORBIDDEN";
  if (kind === "REBUTTAL") return "ok";
  if (mode === "OPEN") return "ok";
  if (kind === "COUNTEREXAMPLE") return side === "BREAKER" ? "ok" : "FORBIDDEN";
  return side === "BUILDER" ? "ok" : "FORBIDDEN";
}

describe("createNode", () => {
  for (const visibility of VISIBILITIES) {
    for (const mode of MODES) {
      for (const kind of KINDS) {
        for (const who of WHO) {
          const expected = expectedCreate(kind, mode, who, visibility);
          it(cellName("createNode", visibility, who, expected, `${kind} ${mode}`), async () => {
            const fx = debates[visibility][mode];
            const actor = actorFor(fx, who);
            await check(fx.id, expected, async () => {
              const node = await createNode(asActor(actor), fx.id, {
                parentId: fx.rootNodeId,
                kind,
                title: "",
                body: `${kind} by ${who}`,
                ...(kind === "PATCH" ? { proposal: `Proposal patched by ${who}` } : {}),
              });
              // The node is posted on the member's side, whatever their role.
              expect(node.side).toBe(SIDE[who as MemberWho]);
              expect(node.authorId).toBe(actor!.id);
            });
          });
        }
      }
    }
  }
});

// ---------- node actions (edit, retract, accept, prune, reopen) ----------

type Ownership = "own" | "others";

function expectedNodeAction(action: "edit" | "retract" | "prune", who: Who, owner: Ownership, visibility: Visibility): Outcome {
  const out = outsider(who, visibility);
  if (out) return out;
  if (owner === "own") return "ok";
  if (action === "edit") return "FORBIDDEN";
  return isStaff(who) ? "ok" : "FORBIDDEN";
}

function nodeActionCells(): { who: Who; ownership: Ownership; visibility: Visibility }[] {
  const cells: { who: Who; ownership: Ownership; visibility: Visibility }[] = [];
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      cells.push({ who, ownership: "others", visibility });
      if (isMember(who)) cells.push({ who, ownership: "own", visibility });
    }
  }
  return cells;
}

async function targetNode(fx: Fx, who: Who, ownership: Ownership, kind: "COMMENT" | "COUNTEREXAMPLE" = "COMMENT") {
  const author = ownership === "own" ? actorFor(fx, who)! : fx.members.author;
  return insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author, kind });
}

describe("editNode", () => {
  for (const { who, ownership, visibility } of nodeActionCells()) {
    const expected = expectedNodeAction("edit", who, ownership, visibility);
    it(cellName("editNode", visibility, who, expected, `(${ownership} node)`), async () => {
      const fx = debates[visibility].OPEN;
      const node = await targetNode(fx, who, ownership);
      await check(fx.id, expected, () => editNode(asActor(actorFor(fx, who)), fx.id, node.id, { body: "Edited text", revision: 1 }));
      const after = await d.node.findUniqueOrThrow({ where: { id: node.id }, select: { revision: true, body: true } });
      expect(after.revision).toBe(expected === "ok" ? 2 : 1);
      if (expected === "ok") expect(after.body).toBe("Edited text");
    });
  }
});

describe("retractNode", () => {
  for (const { who, ownership, visibility } of nodeActionCells()) {
    const expected = expectedNodeAction("retract", who, ownership, visibility);
    it(cellName("retractNode", visibility, who, expected, `(${ownership} node)`), async () => {
      const fx = debates[visibility].OPEN;
      const node = await targetNode(fx, who, ownership);
      await check(fx.id, expected, () => retractNode(asActor(actorFor(fx, who)), fx.id, node.id));
      const after = await d.node.findUniqueOrThrow({ where: { id: node.id }, select: { retractedAt: true } });
      expect(after.retractedAt !== null).toBe(expected === "ok");
    });
  }
});

describe("pruneBranch", () => {
  for (const { who, ownership, visibility } of nodeActionCells()) {
    const expected = expectedNodeAction("prune", who, ownership, visibility);
    it(cellName("pruneBranch", visibility, who, expected, `(${ownership} node)`), async () => {
      const fx = debates[visibility].OPEN;
      const node = await targetNode(fx, who, ownership);
      await check(fx.id, expected, () =>
        pruneBranch(asActor(actorFor(fx, who)), fx.id, node.id, { category: "UNPROMISING", reason: "Goes nowhere" }),
      );
      const events = await d.pruneEvent.count({ where: { nodeId: node.id } });
      expect(events).toBe(expected === "ok" ? 1 : 0);
    });
  }
});

describe("acceptRebuttal", () => {
  // "rebutted": the actor wrote the node the rebuttal argues against.
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      for (const variant of isMember(who) ? (["rebutted", "other"] as const) : (["other"] as const)) {
        const out = outsider(who, visibility);
        const expected: Outcome = out ?? (variant === "rebutted" || isStaff(who) ? "ok" : "FORBIDDEN");
        it(cellName("acceptRebuttal", visibility, who, expected, `(${variant})`), async () => {
          const fx = debates[visibility].OPEN;
          const parentAuthor = variant === "rebutted" ? actorFor(fx, who)! : fx.members.author;
          const parent = await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: parentAuthor, kind: "COUNTEREXAMPLE" });
          const rebuttal = await insertNode(d, { debateId: fx.id, parentId: parent.id, author: fx.members.author, kind: "REBUTTAL" });
          await check(fx.id, expected, () => acceptRebuttal(asActor(actorFor(fx, who)), fx.id, rebuttal.id));
          const after = await d.node.findUniqueOrThrow({ where: { id: rebuttal.id }, select: { acceptedAt: true } });
          expect(after.acceptedAt !== null).toBe(expected === "ok");
        });
      }
    }
  }
});

describe("reopenBranch", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      const expected: Outcome = outsider(who, visibility) ?? (who === "observer" ? "FORBIDDEN" : "ok");
      it(cellName("reopenBranch", visibility, who, expected), async () => {
        const fx = debates[visibility].OPEN;
        const node = await insertNode(d, {
          debateId: fx.id,
          parentId: fx.rootNodeId,
          author: fx.members.author,
          kind: "COMMENT",
          prunedAt: new Date(),
        });
        await check(fx.id, expected, () => reopenBranch(asActor(actorFor(fx, who)), fx.id, node.id, { reason: "Worth another look" }));
        const after = await d.node.findUniqueOrThrow({ where: { id: node.id }, select: { prunedAt: true } });
        expect(after.prunedAt === null).toBe(expected === "ok");
      });
    }
  }

  it("a reopen needs a reason (BAD_REQUEST), and nothing is written", async () => {
    const fx = debates.PUBLIC.OPEN;
    const node = await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: fx.members.author, kind: "COMMENT", prunedAt: new Date() });
    await check(fx.id, "BAD_REQUEST", () => reopenBranch(fx.owner, fx.id, node.id, { reason: "   " }));
  });
});

// ---------- membership ----------

describe("joinDebate", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      for (const invite of [false, true]) {
        let expected: Outcome;
        if (isMember(who)) expected = "CONFLICT"; // already a member (the owner included)
        else if (visibility !== "PRIVATE") expected = who === "anonymous" ? "UNAUTHENTICATED" : "ok";
        else if (!invite) expected = "NOT_FOUND";
        else expected = who === "anonymous" ? "UNAUTHENTICATED" : "ok";
        it(cellName("joinDebate", visibility, who, expected, invite ? "with invite" : "without invite"), async () => {
          const fx = debates[visibility].OPEN;
          // A fresh outsider per cell, so a successful join does not change other cells.
          const actor = who === "nonMember" ? await createUser(d) : actorFor(fx, who);
          await check(fx.id, expected, () => joinDebate(asActor(actor), fx.id, "BREAKER", invite ? fx.inviteCode : undefined));
          if (expected === "ok") {
            const rc = await d.roleChange.findMany({ where: { debateId: fx.id, userId: actor!.id } });
            expect(rc).toMatchObject([{ fromSide: null, toSide: "BREAKER" }]);
          }
        });
      }
    }
  }

  it("a wrong invite code for a private debate is NOT_FOUND", async () => {
    const fx = debates.PRIVATE.OPEN;
    await check(fx.id, "NOT_FOUND", async () => joinDebate(await createUser(d), fx.id, "BUILDER", "not-the-code"));
  });
});

describe("switchSide", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      const expected: Outcome = outsider(who, visibility) ?? "ok";
      it(cellName("switchSide", visibility, who, expected), async () => {
        const fx = debates[visibility].OPEN;
        const actor = actorFor(fx, who);
        const from = isMember(who) ? SIDE[who] : null;
        const to: Side = from === "BREAKER" ? "BUILDER" : "BREAKER";
        await check(fx.id, expected, () => switchSide(asActor(actor), fx.id, to));
        if (expected === "ok") {
          const last = await d.roleChange.findFirstOrThrow({ where: { debateId: fx.id, userId: actor!.id }, orderBy: { createdAt: "desc" } });
          expect(last).toMatchObject({ fromSide: from, toSide: to });
          const m = await d.membership.findUniqueOrThrow({ where: { debateId_userId: { debateId: fx.id, userId: actor!.id } } });
          expect(m.side).toBe(to);
          // Restore the fixture's side for the other cells.
          await d.membership.update({ where: { id: m.id }, data: { side: from! } });
        }
      });
    }
  }

  it("switching to the side one is on already writes nothing", async () => {
    const fx = debates.PUBLIC.OPEN;
    await check(fx.id, "ok", () => switchSide(fx.members.builder, fx.id, "BUILDER"), { read: true });
  });
});

describe("inviteMember", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      const expected: Outcome = outsider(who, visibility) ?? (isStaff(who) ? "ok" : "FORBIDDEN");
      it(cellName("inviteMember", visibility, who, expected), async () => {
        const fx = debates[visibility].OPEN;
        const invitee = await createUser(d);
        await check(fx.id, expected, () => inviteMember(asActor(actorFor(fx, who)), fx.id, invitee.username.toUpperCase(), "BREAKER"));
        const m = await d.membership.findUnique({ where: { debateId_userId: { debateId: fx.id, userId: invitee.id } } });
        expect(m?.side ?? null).toBe(expected === "ok" ? "BREAKER" : null);
      });
    }
  }

  it("inviting an existing member is a CONFLICT", async () => {
    const fx = debates.PUBLIC.OPEN;
    await check(fx.id, "CONFLICT", () => inviteMember(fx.owner, fx.id, fx.members.breaker.username, "BUILDER"));
  });
});

describe("removeMember", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      const expected: Outcome = outsider(who, visibility) ?? (who === "owner" ? "ok" : "FORBIDDEN");
      it(cellName("removeMember", visibility, who, expected), async () => {
        const fx = debates[visibility].OPEN;
        const target = await createUser(d);
        await addMember(d, fx.id, target, "BREAKER");
        await check(fx.id, expected, () => removeMember(asActor(actorFor(fx, who)), fx.id, target.id));
        const m = await d.membership.count({ where: { debateId: fx.id, userId: target.id } });
        expect(m).toBe(expected === "ok" ? 0 : 1);
      });
    }
  }

  it("the owner cannot be removed", async () => {
    const fx = debates.PUBLIC.OPEN;
    await check(fx.id, "BAD_REQUEST", () => removeMember(fx.owner, fx.id, fx.owner.id));
  });

  it("removing a member rotates the invite code: a removed moderator's old code is refused, the new link works", async () => {
    const fx = await createDebate(d, { visibility: "PRIVATE", members: { mod: { role: "MODERATOR", side: "OBSERVER" } } });
    const known = (await getDebate(fx.members.mod, fx.id)).inviteCode; // moderators see the code
    expect(known).toBe(fx.inviteCode);
    await removeMember(fx.owner, fx.id, fx.members.mod.id);
    await check(fx.id, "NOT_FOUND", () => joinDebate(fx.members.mod, fx.id, "BREAKER", known));
    const fresh = (await getDebate(fx.owner, fx.id)).inviteCode!;
    expect(fresh).not.toBe(known);
    const newcomer = await createUser(d);
    await check(fx.id, "ok", () => joinDebate(newcomer, fx.id, "BREAKER", fresh));
  });
});

describe("setMemberRole", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      const expected: Outcome = outsider(who, visibility) ?? (who === "owner" ? "ok" : "FORBIDDEN");
      it(cellName("setMemberRole", visibility, who, expected), async () => {
        const fx = debates[visibility].OPEN;
        const target = await createUser(d);
        await addMember(d, fx.id, target, "OBSERVER");
        await check(fx.id, expected, () => setMemberRole(asActor(actorFor(fx, who)), fx.id, target.id, "MODERATOR"));
        const m = await d.membership.findFirstOrThrow({ where: { debateId: fx.id, userId: target.id } });
        expect(m.role).toBe(expected === "ok" ? "MODERATOR" : "MEMBER");
      });
    }
  }
});

describe("updateDebate", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      const expected: Outcome = outsider(who, visibility) ?? (who === "owner" ? "ok" : "FORBIDDEN");
      it(cellName("updateDebate", visibility, who, expected), async () => {
        const fx = debates[visibility].OPEN;
        const context = `Context set by ${who} in ${visibility}`;
        await check(fx.id, expected, () => updateDebate(asActor(actorFor(fx, who)), fx.id, { context }));
        const after = await d.debate.findUniqueOrThrow({ where: { id: fx.id }, select: { context: true } });
        expect(after.context === context).toBe(expected === "ok");
      });
    }
  }

  it("a new title also renames the root proposal node", async () => {
    const fx = debates.UNLISTED.STRICT;
    await updateDebate(fx.owner, fx.id, { title: "Renamed debate" });
    const root = await d.node.findUniqueOrThrow({ where: { id: fx.rootNodeId }, select: { title: true } });
    expect(root.title).toBe("Renamed debate");
  });
});

// ---------- reads ----------

describe("reads", () => {
  const reads: Record<string, (actor: Actor | null, fx: Fx) => Promise<unknown>> = {
    getDebate: (actor, fx) => getDebate(actor, fx.id),
    readTree: async (actor, fx) => expect((await readTree(actor, fx.id)).length).toBeGreaterThan(0),
    "readTree(subtree)": async (actor, fx) => expect(await readTree(actor, fx.id, fx.rootNodeId)).not.toHaveLength(0),
    getNodeDetail: (actor, fx) => getNodeDetail(actor, fx.id, fx.rootNodeId),
    searchNodes: async (actor, fx) => expect(await searchNodes(actor, fx.id, "proposal")).not.toHaveLength(0),
    debateOverview: (actor, fx) => debateOverview(actor, fx.id),
  };
  for (const [name, read] of Object.entries(reads)) {
    for (const visibility of VISIBILITIES) {
      for (const who of WHO) {
        const expected: Outcome = visibility === "PRIVATE" && !isMember(who) ? "NOT_FOUND" : "ok";
        it(cellName(name, visibility, who, expected), async () => {
          const fx = debates[visibility].STRICT;
          await check(fx.id, expected, () => read(actorFor(fx, who), fx), { read: true });
        });
      }
    }
  }

  for (const visibility of VISIBILITIES) {
    for (const who of MEMBERS) {
      const sees = isStaff(who);
      it(`getDebate · ${visibility} · ${who} ${sees ? "sees" : "does not see"} the invite code`, async () => {
        const fx = debates[visibility].STRICT;
        const debate = await getDebate(actorFor(fx, who), fx.id);
        expect(debate.inviteCode).toBe(sees ? fx.inviteCode : undefined);
      });
    }
  }

  it("an unknown debate id is NOT_FOUND for everyone", async () => {
    const fx = debates.PUBLIC.OPEN;
    expect(await outcomeOf(() => getDebate(fx.owner, "nonexistent-debate"))).toBe("NOT_FOUND");
    expect(await outcomeOf(() => createNode(fx.owner, "nonexistent-debate", { parentId: fx.rootNodeId, kind: "COMMENT", title: "", body: "x" }))).toBe("NOT_FOUND");
  });
});

// ---------- ownership comes from Debate.ownerId alone ----------

// ---------- leaving, transferring, deleting (a fresh debate per cell: each success changes who is in it) ----------

/** The outcome a non-owner action gets: outsiders as everywhere, members FORBIDDEN, the owner ok. */
const ownerOnly = (who: Who, visibility: Visibility): Outcome => outsider(who, visibility) ?? (who === "owner" ? "ok" : "FORBIDDEN");

describe("leaveDebate", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      const expected: Outcome = outsider(who, visibility) ?? (who === "owner" ? "FORBIDDEN" : "ok");
      it(cellName("leaveDebate", visibility, who, expected), async () => {
        const fx = await makeFixture(visibility, "OPEN");
        const actor = actorFor(fx, who);
        await check(fx.id, expected, () => leaveDebate(asActor(actor), fx.id));
        if (actor && isMember(who)) {
          const m = await d.membership.count({ where: { debateId: fx.id, userId: actor.id } });
          expect(m).toBe(expected === "ok" ? 0 : 1);
        }
      });
    }
  }
});

describe("transferOwnership", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      const expected = ownerOnly(who, visibility);
      it(cellName("transferOwnership", visibility, who, expected), async () => {
        const fx = await makeFixture(visibility, "OPEN");
        const to = fx.members.author.id;
        await check(fx.id, expected, () => transferOwnership(asActor(actorFor(fx, who)), fx.id, to));
        const after = await d.debate.findUniqueOrThrow({ where: { id: fx.id }, select: { ownerId: true } });
        expect(after.ownerId).toBe(expected === "ok" ? to : fx.owner.id);
      });
    }
  }
});

describe("deleteDebate", () => {
  for (const visibility of VISIBILITIES) {
    for (const who of WHO) {
      const expected = ownerOnly(who, visibility);
      it(cellName("deleteDebate", visibility, who, expected), async () => {
        const fx = await makeFixture(visibility, "OPEN");
        const before = await writes(fx.id);
        expect(await outcomeOf(() => deleteDebate(asActor(actorFor(fx, who)), fx.id))).toBe(expected);
        if (expected === "ok") expect(await d.debate.count({ where: { id: fx.id } })).toBe(0);
        else expect(await writes(fx.id)).toEqual(before);
      });
    }
  }
});

describe("ownership", () => {
  it("a stale OWNER membership row grants only a member's rights (settings, invite code)", async () => {
    const fx = await makeFixture("PUBLIC", "OPEN");
    const stale = await createUser(d);
    await addMember(d, fx.id, stale, "BUILDER", "OWNER");
    await check(fx.id, "FORBIDDEN", () => updateDebate(stale, fx.id, { context: "hijacked" }));
    await check(fx.id, "FORBIDDEN", () => removeMember(stale, fx.id, fx.members.breaker.id));
    await check(fx.id, "FORBIDDEN", () => inviteMember(stale, fx.id, outsiderUser.username, "BREAKER"));
    expect((await getDebate(stale, fx.id)).inviteCode).toBeUndefined();
  });

  it("an owner without a membership row still owns the debate (settings, invite code, private reads)", async () => {
    const fx = await makeFixture("PRIVATE", "OPEN");
    await d.membership.delete({ where: { debateId_userId: { debateId: fx.id, userId: fx.owner.id } } });
    await check(fx.id, "ok", () => updateDebate(fx.owner, fx.id, { context: "still mine" }));
    const debate = await getDebate(fx.owner, fx.id);
    expect(debate.inviteCode).toBe(fx.inviteCode);
    // …on the observer side: no counterexamples.
    await check(fx.id, "FORBIDDEN", () => createNode(fx.owner, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "x" }));
  });
});

// ---------- someone else's ids ----------

describe("ids from another debate", () => {
  let a: Fx;
  let b: DebateFixture<"author">;
  let bNode: string;
  let bCounterexample: string;
  let bRebuttal: string;
  let bPruned: string;
  let actor: Actor;

  beforeAll(async () => {
    a = await makeFixture("PUBLIC", "OPEN");
    // The same person owns B and is a moderator of A, so only the ids are wrong.
    actor = a.members.moderator;
    b = await createDebate(d, { owner: actor, visibility: "PRIVATE", members: { author: { side: "BREAKER" } } });
    bNode = (await insertNode(d, { debateId: b.id, parentId: b.rootNodeId, author: actor, kind: "COMMENT" })).id;
    bCounterexample = (await insertNode(d, { debateId: b.id, parentId: b.rootNodeId, author: actor, kind: "COUNTEREXAMPLE" })).id;
    bRebuttal = (await insertNode(d, { debateId: b.id, parentId: bCounterexample, author: b.members.author, kind: "REBUTTAL" })).id;
    bPruned = (await insertNode(d, { debateId: b.id, parentId: b.rootNodeId, author: actor, kind: "COMMENT", prunedAt: new Date() })).id;
  });

  async function checkBoth(expected: Outcome, fn: () => Promise<unknown>) {
    const beforeB = await writes(b.id);
    await check(a.id, expected, fn);
    expect(await writes(b.id)).toEqual(beforeB);
  }

  it("editNode(A, node of B) → NOT_FOUND", () => checkBoth("NOT_FOUND", () => editNode(actor, a.id, bNode, { body: "x", revision: 1 })));
  it("retractNode(A, node of B) → NOT_FOUND", () => checkBoth("NOT_FOUND", () => retractNode(actor, a.id, bNode)));
  it("pruneBranch(A, node of B) → NOT_FOUND", () =>
    checkBoth("NOT_FOUND", () => pruneBranch(actor, a.id, bNode, { category: "UNPROMISING", reason: "r" })));
  it("reopenBranch(A, node of B) → NOT_FOUND", () => checkBoth("NOT_FOUND", () => reopenBranch(actor, a.id, bPruned, { reason: "r" })));
  it("acceptRebuttal(A, rebuttal of B) → NOT_FOUND", () => checkBoth("NOT_FOUND", () => acceptRebuttal(actor, a.id, bRebuttal)));
  it("getNodeDetail(A, node of B) → NOT_FOUND", () => checkBoth("NOT_FOUND", () => getNodeDetail(actor, a.id, bNode)));
  it("readTree(A, subtree rooted in B) → NOT_FOUND", () => checkBoth("NOT_FOUND", () => readTree(actor, a.id, b.rootNodeId)));
  it("searchNodes(A) does not find B's nodes", async () => {
    await d.node.update({ where: { id: bNode }, data: { body: "zebracorn secret" } });
    expect(await searchNodes(actor, a.id, "zebracorn")).toEqual([]);
    expect(await searchNodes(actor, b.id, "zebracorn")).toHaveLength(1);
  });
  it("createNode(A, parentId in B) → VALIDATION on parentId", async () => {
    await checkBoth("VALIDATION", () => createNode(actor, a.id, { parentId: bNode, kind: "COMMENT", title: "", body: "x" }));
    const err = await createNode(actor, a.id, { parentId: bNode, kind: "COMMENT", title: "", body: "x" }).catch((e: unknown) => e);
    expect((err as AppError).details).toMatchObject({ fieldErrors: { parentId: [expect.any(String)] } });
  });
  it("createNode(A, PATCH answering a counterexample of B) → VALIDATION on answersNodeIds", async () => {
    await d.membership.update({ where: { debateId_userId: { debateId: a.id, userId: actor.id } }, data: { side: "BUILDER" } });
    try {
      await checkBoth("VALIDATION", () =>
        createNode(actor, a.id, { parentId: a.rootNodeId, kind: "PATCH", title: "", body: "fix", proposal: "v2", answersNodeIds: [bCounterexample] }),
      );
    } finally {
      await d.membership.update({ where: { debateId_userId: { debateId: a.id, userId: actor.id } }, data: { side: SIDE.moderator } });
    }
  });
  it("pruneBranch(A, DUPLICATE of a node of B) → BAD_REQUEST", async () => {
    const aNode = await insertNode(d, { debateId: a.id, parentId: a.rootNodeId, author: a.members.author, kind: "COMMENT" });
    await checkBoth("BAD_REQUEST", () => pruneBranch(actor, a.id, aNode.id, { category: "DUPLICATE", reason: "dup", duplicateOf: bNode }));
  });
  it("removeMember / setMemberRole(A, a member of B only) → NOT_FOUND", async () => {
    await checkBoth("NOT_FOUND", () => removeMember(a.owner, a.id, b.members.author.id));
    await checkBoth("NOT_FOUND", () => setMemberRole(a.owner, a.id, b.members.author.id, "MODERATOR"));
  });
  it("an outsider probing private B by id gets NOT_FOUND for every action, same as an unknown id", async () => {
    const probe = a.members.breaker;
    const codes = await Promise.all([
      outcomeOf(() => getDebate(probe, b.id)),
      outcomeOf(() => createNode(probe, b.id, { parentId: b.rootNodeId, kind: "COMMENT", title: "", body: "x" })),
      outcomeOf(() => editNode(probe, b.id, bNode, { body: "x", revision: 1 })),
      outcomeOf(() => pruneBranch(probe, b.id, bNode, { category: "UNPROMISING", reason: "r" })),
      outcomeOf(() => joinDebate(probe, b.id, "BUILDER")),
      outcomeOf(() => switchSide(probe, b.id, "BUILDER")),
      outcomeOf(() => getNodeDetail(probe, b.id, "no-such-node")),
    ]);
    expect(codes).toEqual(codes.map(() => "NOT_FOUND"));
  });
});
