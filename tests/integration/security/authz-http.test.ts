import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeDocs } from "@/lib/http/openapi";
import { db } from "@/lib/server/db/client";
import { addMember, createDebate, createUser, insertNode, uniqueSuffix, type DebateFixture } from "@/tests/factories";
import { ensureBuild, type Server } from "@/tests/support/servers";
import { call, insertToken, serverOnTestDb, signInWithCredentials, type Reply } from "./helpers";

// Authorization over real HTTP against one `next start`: every route in routeDocs
// × seven actors × three visibilities → the status docs/permissions.md promises.
// Everything is seeded through the factories before the server starts; each cell
// that changes state gets its own target rows, so cells never depend on each other.
// Then: ids of another debate in paths and bodies, cross-site cookie mutations,
// bearer tokens (no cookie, no Origin; one changed character is refused; stored hashed).

const ACTORS = ["anonymous", "nonMember", "observer", "builder", "breaker", "moderator", "owner"] as const;
type ActorName = (typeof ACTORS)[number];
const VISIBILITIES = ["PUBLIC", "UNLISTED", "PRIVATE"] as const;
type Vis = (typeof VISIBILITIES)[number];
type MemberName = "observer" | "builder" | "breaker" | "moderator";

type User = { id: string; username: string; token: string };
type Seeded = Record<string, string>;
type Ctx = { debate: DebateFixture<MemberName>; shared: Seeded; seeded: Seeded; actor: ActorName; users: Record<Exclude<ActorName, "anonymous">, User> };
/** `token`: send as this bearer token instead of the actor's (a throwaway account of the same kind). */
type Req = { path: string; body?: unknown; raw?: { type: string; text: string }; stream?: boolean; token?: string };

interface Case {
  key: string; // "<method> <routeDocs path>" (+ " #variant")
  global?: true;
  seed?: (d: DebateFixture<MemberName>, actor: ActorName) => Promise<Seeded>;
  req: (c: Ctx) => Req;
  expect: (actor: ActorName, vis: Vis) => number;
}

const SIDE: Record<Exclude<ActorName, "anonymous" | "nonMember">, "OBSERVER" | "BUILDER" | "BREAKER"> = {
  observer: "OBSERVER",
  builder: "BUILDER",
  breaker: "BREAKER",
  moderator: "OBSERVER",
  owner: "BUILDER",
};

/** Readable by anyone unless private; a private debate does not exist for outsiders. */
const read = (a: ActorName, v: Vis) => (v === "PRIVATE" && (a === "anonymous" || a === "nonMember") ? 404 : 200);
/** Signed-in only; outsiders of a private debate get 404; `allowed` get `ok`; others 403. */
const mutation =
  (allowed: ActorName[], ok = 200) =>
  (a: ActorName, v: Vis) =>
    a === "anonymous" ? 401 : v === "PRIVATE" && a === "nonMember" ? 404 : allowed.includes(a) ? ok : 403;
const signedIn = (ok = 200) => (a: ActorName) => (a === "anonymous" ? 401 : ok);

const members = ["observer", "builder", "breaker", "moderator", "owner"] as ActorName[];
const players = ["builder", "breaker", "moderator", "owner"] as ActorName[];
const dp = (d: DebateFixture<MemberName>, rest = "") => `/api/v1/debates/${d.id}${rest}`;

let importText = "";

const node = (d: DebateFixture<MemberName>, kind: "COMMENT" | "COUNTEREXAMPLE" | "REBUTTAL" = "COMMENT", extra: Partial<Parameters<typeof insertNode>[1]> = {}) =>
  insertNode(db(), { debateId: d.id, parentId: d.rootNodeId, author: d.members.builder, kind, ...extra });

async function empiricalNode(d: DebateFixture<MemberName>) {
  const n = await node(d, "COUNTEREXAMPLE", { author: d.members.breaker });
  await db().node.update({ where: { id: n.id }, data: { resolutionMode: "EMPIRICAL" } });
  return n.id;
}

/** A new debate like `d` (same visibility, owner and members): for cells that leave, hand on or delete it. */
async function sameDebateAgain(d: DebateFixture<MemberName>): Promise<Seeded> {
  const { visibility } = await db().debate.findUniqueOrThrow({ where: { id: d.id }, select: { visibility: true } });
  const members = Object.fromEntries(
    (Object.entries(d.members) as [MemberName, DebateFixture<MemberName>["members"][MemberName]][]).map(([name, user]) => [
      name,
      { side: name === "moderator" ? "OBSERVER" : SIDE[name], role: name === "moderator" ? "MODERATOR" : "MEMBER", user },
    ]),
  ) as Record<MemberName, { side: "OBSERVER" | "BUILDER" | "BREAKER"; role: "MODERATOR" | "MEMBER"; user: DebateFixture<MemberName>["members"][MemberName] }>;
  const copy = await createDebate<MemberName>(db(), { owner: d.owner, ownerSide: "BUILDER", visibility, playMode: "OPEN", members });
  return { debateId: copy.id, builderId: copy.members.builder.id };
}

async function freshMember(d: DebateFixture<MemberName>) {
  const u = await createUser(db());
  await addMember(db(), d.id, u, "BREAKER");
  return u;
}

/** A copy of `d` (sameDebateAgain) with round 1 whose deadline has passed; every member and the owner judge; a patch by the builder entered in it. */
async function closedRound(d: DebateFixture<MemberName>): Promise<Seeded> {
  const copy = await sameDebateAgain(d);
  const { rootNodeId } = await db().debate.findUniqueOrThrow({ where: { id: copy.debateId! }, select: { rootNodeId: true } });
  const patch = await insertNode(db(), { debateId: copy.debateId!, parentId: rootNodeId!, author: d.members.builder, kind: "PATCH" });
  const now = Date.now();
  await db().node.update({ where: { id: patch.id }, data: { createdAt: new Date(now - 30 * 60_000) } });
  const judges = [...Object.values(d.members).map((m) => m.id), d.owner.id];
  await db().judgedRound.create({
    data: { debateId: copy.debateId!, number: 1, title: "R", rubric: "r", openedById: d.owner.id, openedAt: new Date(now - 60 * 60_000), deadline: new Date(now - 60_000), judges: { create: judges.map((userId) => ({ userId })) } },
  });
  return { ...copy, patchId: patch.id };
}

const summaryBy = async (d: DebateFixture<MemberName>): Promise<Seeded> => ({
  summaryId: (await db().debateSummary.create({ data: { debateId: d.id, authorId: d.members.builder.id, body: "Where the debate stands" } })).id,
});

const cases: Case[] = [
  // ---- not scoped to a debate ----
  { key: "post /auth/signup", global: true, req: () => ({ path: "/api/v1/auth/signup", body: { username: `s_${uniqueSuffix()}`, password: "Correct horse battery 9!", displayName: "Signed up" } }), expect: () => 201 },
  // A secret nobody was given: the same 422 for everyone (the secret is the credential, not the caller).
  { key: "post /auth/reset-password", global: true, req: () => ({ path: "/api/v1/auth/reset-password", body: { token: "x".repeat(43), password: "tangerine ferry quietly 7" } }), expect: () => 422 },
  // This server has no SMTP_URL: "forgot password" is off for everyone.
  { key: "post /auth/forgot-password", global: true, req: () => ({ path: "/api/v1/auth/forgot-password", body: { login: "someone" } }), expect: () => 404 },
  // The matrix users sign in with tokens and have no password: 422, never a change.
  { key: "post /me/password", global: true, req: () => ({ path: "/api/v1/me/password", body: { currentPassword: "not the password", newPassword: "tangerine ferry quietly 7" } }), expect: signedIn(422) },
  { key: "get /me/sessions", global: true, req: () => ({ path: "/api/v1/me/sessions" }), expect: signedIn() },
  { key: "delete /me/sessions", global: true, req: () => ({ path: "/api/v1/me/sessions" }), expect: signedIn() },
  { key: "delete /me/sessions/{sessionId}", global: true, req: () => ({ path: "/api/v1/me/sessions/none" }), expect: signedIn(404) },
  { key: "get /me/email-digest", global: true, req: () => ({ path: "/api/v1/me/email-digest" }), expect: signedIn() },
  { key: "put /me/email-digest", global: true, req: () => ({ path: "/api/v1/me/email-digest", body: { emailDigest: true } }), expect: signedIn() },
  { key: "get /me", global: true, req: () => ({ path: "/api/v1/me" }), expect: signedIn() },
  { key: "patch /me", global: true, req: () => ({ path: "/api/v1/me", body: { displayName: "Renamed" } }), expect: signedIn() },
  // Deleting an account: each cell deletes a throwaway token account of its own (no password, owns nothing).
  { key: "delete /me", global: true, req: (c) => ({ path: "/api/v1/me", body: {}, token: c.seeded.token }), expect: signedIn() },
  { key: "get /me/tokens", global: true, req: () => ({ path: "/api/v1/me/tokens" }), expect: signedIn() },
  { key: "post /me/tokens", global: true, req: () => ({ path: "/api/v1/me/tokens", body: { name: "matrix" } }), expect: signedIn(201) },
  { key: "delete /me/tokens/{tokenId}", global: true, req: (c) => ({ path: `/api/v1/me/tokens/${c.seeded.tokenId ?? "none"}` }), expect: signedIn() },
  { key: "get /me/revisit", global: true, req: () => ({ path: "/api/v1/me/revisit" }), expect: signedIn() },
  { key: "get /me/agenda", global: true, req: () => ({ path: "/api/v1/me/agenda" }), expect: signedIn() },
  { key: "get /me/notifications", global: true, req: () => ({ path: "/api/v1/me/notifications" }), expect: signedIn() },
  { key: "post /me/notifications/read", global: true, req: () => ({ path: "/api/v1/me/notifications/read", body: { all: true } }), expect: signedIn() },
  { key: "get /debates", global: true, req: () => ({ path: "/api/v1/debates" }), expect: () => 200 },
  { key: "post /debates", global: true, req: () => ({ path: "/api/v1/debates", body: { title: "Matrix debate", proposal: "A plan." } }), expect: signedIn(201) },
  { key: "post /debates/import", global: true, req: () => ({ path: "/api/v1/debates/import", raw: { type: "application/json", text: importText } }), expect: signedIn(201) },
  { key: "get /schemas/builder-breaker-1.json", global: true, req: () => ({ path: "/api/v1/schemas/builder-breaker-1.json" }), expect: () => 200 },
  { key: "get /schemas/builder-breaker-2.json", global: true, req: () => ({ path: "/api/v1/schemas/builder-breaker-2.json" }), expect: () => 200 },

  // ---- debate reads ----
  { key: "get /debates/{debateId}", req: (c) => ({ path: dp(c.debate) }), expect: read },
  { key: "get /debates/{debateId}/overview", req: (c) => ({ path: dp(c.debate, "/overview") }), expect: read },
  { key: "get /debates/{debateId}/tree", req: (c) => ({ path: dp(c.debate, "/tree") }), expect: read },
  { key: "get /debates/{debateId}/search", req: (c) => ({ path: dp(c.debate, "/search?q=proposal") }), expect: read },
  { key: "get /debates/{debateId}/members", req: (c) => ({ path: dp(c.debate, "/members") }), expect: read },
  { key: "get /debates/{debateId}/versions", req: (c) => ({ path: dp(c.debate, "/versions") }), expect: read },
  { key: "get /debates/{debateId}/versions/{number}", req: (c) => ({ path: dp(c.debate, "/versions/1") }), expect: read },
  { key: "get /debates/{debateId}/nodes/{nodeId}", req: (c) => ({ path: dp(c.debate, `/nodes/${c.shared.comment}`) }), expect: read },
  { key: "get /debates/{debateId}/revisit", req: (c) => ({ path: dp(c.debate, "/revisit") }), expect: read },
  { key: "get /debates/{debateId}/export", req: (c) => ({ path: dp(c.debate, "/export?format=json") }), expect: read },
  { key: "get /debates/{debateId}/export #markdown", req: (c) => ({ path: dp(c.debate, "/export?format=markdown") }), expect: read },
  { key: "get /debates/{debateId}/export #svg", req: (c) => ({ path: dp(c.debate, "/export?format=svg") }), expect: read },
  { key: "get /debates/{debateId}/activity", req: (c) => ({ path: dp(c.debate, "/activity") }), expect: read },
  { key: "get /debates/{debateId}/events", req: (c) => ({ path: dp(c.debate, "/events"), stream: true }), expect: read },
  { key: "get /debates/{debateId}/agenda", req: (c) => ({ path: dp(c.debate, "/agenda") }), expect: read },
  { key: "get /debates/{debateId}/scores", req: (c) => ({ path: dp(c.debate, "/scores") }), expect: read },
  { key: "get /debates/{debateId}/nodes/{nodeId}/predictions", req: (c) => ({ path: dp(c.debate, `/nodes/${c.shared.empirical}/predictions`) }), expect: read },

  // ---- settings and members ----
  { key: "patch /debates/{debateId}", req: () => ({ path: "", body: { title: "Renamed by the owner" } }), expect: mutation(["owner"]) },
  // Choosing the side one already has: an allowed no-op for members, so cells stay independent.
  { key: "put /debates/{debateId}/side", req: (c) => ({ path: dp(c.debate, "/side"), body: { side: c.actor in SIDE ? SIDE[c.actor as keyof typeof SIDE] : "OBSERVER" } }), expect: mutation(members) },
  {
    key: "post /debates/{debateId}/members",
    seed: async () => ({ username: (await createUser(db())).username }),
    req: (c) => ({ path: dp(c.debate, "/members"), body: { username: c.seeded.username, side: "OBSERVER" } }),
    expect: mutation(["moderator", "owner"], 201),
  },
  {
    key: "patch /debates/{debateId}/members/{userId}",
    seed: async (d) => ({ userId: (await freshMember(d)).id }),
    req: (c) => ({ path: dp(c.debate, `/members/${c.seeded.userId}`), body: { role: "MODERATOR" } }),
    expect: mutation(["owner"]),
  },
  {
    key: "delete /debates/{debateId}/members/{userId}",
    seed: async (d) => ({ userId: (await freshMember(d)).id }),
    req: (c) => ({ path: dp(c.debate, `/members/${c.seeded.userId}`) }),
    expect: mutation(["owner"]),
  },
  { key: "post /debates/{debateId}/invite-code", req: (c) => ({ path: dp(c.debate, "/invite-code"), body: {} }), expect: mutation(["moderator", "owner"]) },

  // ---- moves ----
  { key: "post /debates/{debateId}/nodes", req: (c) => ({ path: dp(c.debate, "/nodes"), body: { parentId: c.debate.rootNodeId, kind: "COMMENT", body: "A comment" } }), expect: mutation(members, 201) },
  {
    key: "post /debates/{debateId}/nodes #counterexample",
    req: (c) => ({ path: dp(c.debate, "/nodes"), body: { parentId: c.debate.rootNodeId, kind: "COUNTEREXAMPLE", body: "It fails" } }),
    // OPEN play: builders and breakers; the moderator is on the observer side, the owner on the builder side.
    expect: mutation(["builder", "breaker", "owner"], 201),
  },
  {
    key: "patch /debates/{debateId}/nodes/{nodeId}",
    seed: async (d) => ({ nodeId: (await node(d)).id }),
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}`), body: { body: "Edited", revision: 1 } }),
    expect: mutation(["builder"]),
  },
  {
    key: "post /debates/{debateId}/nodes/{nodeId}/retract",
    seed: async (d) => ({ nodeId: (await node(d)).id }),
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}/retract`), body: {} }),
    expect: mutation(["builder", "moderator", "owner"]),
  },
  {
    key: "post /debates/{debateId}/nodes/{nodeId}/accept",
    seed: async (d) => {
      const target = await node(d, "COUNTEREXAMPLE");
      const rebuttal = await insertNode(db(), { debateId: d.id, parentId: target.id, author: d.members.breaker, kind: "REBUTTAL", side: "BREAKER" });
      return { nodeId: rebuttal.id };
    },
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}/accept`), body: {} }),
    expect: mutation(["builder", "moderator", "owner"]),
  },
  {
    key: "post /debates/{debateId}/nodes/{nodeId}/prune",
    seed: async (d) => ({ nodeId: (await node(d)).id }),
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}/prune`), body: { category: "UNPROMISING", reason: "Not worth it" } }),
    expect: mutation(["builder", "moderator", "owner"], 201),
  },
  {
    key: "post /debates/{debateId}/nodes/{nodeId}/reopen",
    seed: async (d) => ({ nodeId: (await node(d, "COMMENT", { prunedAt: new Date() })).id }),
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}/reopen`), body: { reason: "Worth another look" } }),
    expect: mutation(players, 201),
  },
  // ---- cross-links (docs/decisions/012-support-and-links.md) ----
  {
    key: "post /debates/{debateId}/links",
    seed: async (d) => ({ fromId: (await node(d)).id, toId: (await node(d)).id }),
    req: (c) => ({ path: dp(c.debate, "/links"), body: { fromId: c.seeded.fromId, toId: c.seeded.toId, type: "SEE_ALSO" } }),
    expect: mutation(players, 201),
  },
  {
    key: "delete /debates/{debateId}/links/{linkId}",
    seed: async (d) => {
      const [from, to] = [await node(d), await node(d)];
      const link = await db().nodeLink.create({ data: { debateId: d.id, fromNodeId: from.id, toNodeId: to.id, type: "SEE_ALSO", authorId: d.members.builder.id } });
      return { linkId: link.id };
    },
    req: (c) => ({ path: dp(c.debate, `/links/${c.seeded.linkId}`) }),
    expect: mutation(["builder", "moderator", "owner"]),
  },
  { key: "put /debates/{debateId}/nodes/{nodeId}/estimate", req: (c) => ({ path: dp(c.debate, `/nodes/${c.shared.comment}/estimate`), body: { promise: 40 } }), expect: mutation(members) },

  // ---- empirical ----
  {
    key: "put /debates/{debateId}/nodes/{nodeId}/mode",
    seed: async (d) => ({ nodeId: (await node(d, "COUNTEREXAMPLE")).id }),
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}/mode`), body: { mode: "EMPIRICAL" } }),
    expect: mutation(players),
  },
  { key: "put /debates/{debateId}/nodes/{nodeId}/crux", req: (c) => ({ path: dp(c.debate, `/nodes/${c.shared.empirical}/crux`) }), expect: mutation(["builder", "breaker", "owner"]) },
  { key: "delete /debates/{debateId}/nodes/{nodeId}/crux", req: (c) => ({ path: dp(c.debate, `/nodes/${c.shared.empirical}/crux`) }), expect: mutation(["builder", "breaker", "owner"]) },
  {
    key: "put /debates/{debateId}/nodes/{nodeId}/experiment",
    seed: async (d) => ({ nodeId: await empiricalNode(d) }),
    req: (c) => ({
      path: dp(c.debate, `/nodes/${c.seeded.nodeId}/experiment`),
      body: { question: "Does it?", method: "Measure it", supportIf: "It does", refuteIf: "It does not" },
    }),
    expect: mutation(players),
  },
  { key: "post /debates/{debateId}/nodes/{nodeId}/predictions", req: (c) => ({ path: dp(c.debate, `/nodes/${c.shared.empirical}/predictions`), body: { probability: 0.6 } }), expect: mutation(members, 201) },
  {
    key: "post /debates/{debateId}/nodes/{nodeId}/resolutions",
    seed: async (d) => ({ nodeId: await empiricalNode(d) }),
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}/resolutions`), body: { action: "RESOLVE", outcome: "SUPPORTED", summary: "Measured", evidence: [] } }),
    expect: mutation(["moderator", "owner"], 201),
  },

  // ---- leaving, handing on, deleting: each cell on its own copy of the debate ----
  { key: "post /debates/{debateId}/leave", seed: sameDebateAgain, req: (c) => ({ path: `/api/v1/debates/${c.seeded.debateId}/leave`, body: {} }), expect: mutation(["observer", "builder", "breaker", "moderator"]) },
  {
    key: "post /debates/{debateId}/transfer",
    seed: sameDebateAgain,
    req: (c) => ({ path: `/api/v1/debates/${c.seeded.debateId}/transfer`, body: { userId: c.seeded.builderId } }),
    expect: mutation(["owner"]),
  },
  { key: "delete /debates/{debateId}", seed: sameDebateAgain, req: (c) => ({ path: `/api/v1/debates/${c.seeded.debateId}` }), expect: mutation(["owner"]) },

  // ---- counterexample classes and weights (#14) ----
  { key: "get /debates/{debateId}/classes", req: (c) => ({ path: dp(c.debate, "/classes") }), expect: read },
  { key: "get /debates/{debateId}/counterexamples/similar", req: (c) => ({ path: dp(c.debate, "/counterexamples/similar?q=proposal+fails") }), expect: read },
  { key: "get /debates/{debateId}/nodes/{nodeId}/plausibility", req: (c) => ({ path: dp(c.debate, `/nodes/${c.shared.empirical}/plausibility`) }), expect: read },
  {
    key: "post /debates/{debateId}/classes",
    req: (c) => ({ path: dp(c.debate, "/classes"), body: { name: `Class ${c.actor} ${uniqueSuffix()}` } }),
    expect: mutation(players, 201),
  },
  {
    key: "patch /debates/{debateId}/classes/{classId}",
    seed: async (d) => ({ classId: (await db().counterexampleClass.create({ data: { debateId: d.id, name: `K ${uniqueSuffix()}`, createdById: d.members.breaker.id } })).id }),
    req: (c) => ({ path: dp(c.debate, `/classes/${c.seeded.classId}`), body: { description: "Described" } }),
    // Its creator (the breaker), moderators and the owner.
    expect: mutation(["breaker", "moderator", "owner"]),
  },
  {
    key: "delete /debates/{debateId}/classes/{classId}",
    seed: async (d) => ({ classId: (await db().counterexampleClass.create({ data: { debateId: d.id, name: `K ${uniqueSuffix()}`, createdById: d.members.breaker.id } })).id }),
    req: (c) => ({ path: dp(c.debate, `/classes/${c.seeded.classId}`) }),
    // Its creator (the breaker; no patch answers it), moderators and the owner.
    expect: mutation(["breaker", "moderator", "owner"], 204),
  },
  {
    key: "put /debates/{debateId}/nodes/{nodeId}/class",
    seed: async (d) => ({
      nodeId: (await node(d, "COUNTEREXAMPLE", { author: d.members.breaker })).id,
      classId: (await db().counterexampleClass.create({ data: { debateId: d.id, name: `K ${uniqueSuffix()}`, createdById: d.members.breaker.id } })).id,
    }),
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}/class`), body: { classId: c.seeded.classId } }),
    // The author (the breaker), breakers, moderators and the owner; not a builder on someone else's.
    expect: mutation(["breaker", "moderator", "owner"]),
  },
  {
    key: "post /debates/{debateId}/nodes/{nodeId}/plausibility",
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.shared.empirical}/plausibility`), body: { plausibility: 30, severity: "BREAKS" } }),
    expect: mutation(members, 201),
  },
  { key: "put /debates/{debateId}/standing-rule", req: (c) => ({ path: dp(c.debate, "/standing-rule"), body: { rule: "ANY_LIVE" } }), expect: mutation(["owner"]) },

  // ---- judged rounds (#16): each cell on its own copy of the debate ----
  { key: "get /debates/{debateId}/rounds", req: (c) => ({ path: dp(c.debate, "/rounds") }), expect: read },
  {
    key: "post /debates/{debateId}/rounds",
    seed: sameDebateAgain,
    req: (c) => ({ path: `/api/v1/debates/${c.seeded.debateId}/rounds`, body: { title: "R", rubric: "r", deadline: new Date(Date.now() + 3_600_000).toISOString(), judgeIds: [c.seeded.builderId] } }),
    expect: mutation(["owner"], 201),
  },
  { key: "get /debates/{debateId}/rounds/{number}", seed: closedRound, req: (c) => ({ path: `/api/v1/debates/${c.seeded.debateId}/rounds/1` }), expect: read },
  {
    key: "put /debates/{debateId}/rounds/{number}/verdicts/{nodeId}",
    seed: closedRound,
    req: (c) => ({ path: `/api/v1/debates/${c.seeded.debateId}/rounds/1/verdicts/${c.seeded.patchId}`, body: { verdict: "HOLDS", reason: "Handles them" } }),
    // Every member judges here; the builder wrote the patch (no judging one's own entry).
    expect: mutation(["observer", "breaker", "moderator", "owner"]),
  },
  { key: "post /debates/{debateId}/rounds/{number}/finalise", seed: closedRound, req: (c) => ({ path: `/api/v1/debates/${c.seeded.debateId}/rounds/1/finalise`, body: {} }), expect: mutation(["owner"], 204) },

  // ---- crux ledger and summaries (#16) ----
  { key: "get /debates/{debateId}/nodes/{nodeId}/crux-estimates", req: (c) => ({ path: dp(c.debate, `/nodes/${c.shared.empirical}/crux-estimates`) }), expect: read },
  {
    key: "post /debates/{debateId}/nodes/{nodeId}/crux-estimates",
    seed: async (d) => ({ nodeId: (await node(d, "COUNTEREXAMPLE", { author: d.members.breaker })).id }),
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}/crux-estimates`), body: { credence: 0.5, ifTrue: 0.2, ifFalse: 0.8 } }),
    expect: mutation(members, 201),
  },
  {
    key: "post /debates/{debateId}/nodes/{nodeId}/crux-follow-ups",
    seed: async (d) => ({ nodeId: (await node(d, "COUNTEREXAMPLE", { author: d.members.breaker })).id }),
    req: (c) => ({ path: dp(c.debate, `/nodes/${c.seeded.nodeId}/crux-follow-ups`), body: { action: "CONFIRM" } }),
    // Members pass the permission check; the claim is not settled, so there is nothing to confirm: 409.
    expect: mutation(members, 409),
  },
  { key: "get /debates/{debateId}/crux-ledger", req: (c) => ({ path: dp(c.debate, "/crux-ledger") }), expect: read },
  { key: "get /debates/{debateId}/state", req: (c) => ({ path: dp(c.debate, "/state") }), expect: read },
  { key: "get /debates/{debateId}/summaries", req: (c) => ({ path: dp(c.debate, "/summaries") }), expect: read },
  { key: "post /debates/{debateId}/summaries", req: (c) => ({ path: dp(c.debate, "/summaries"), body: { body: `Summary by ${c.actor}` } }), expect: mutation(players, 201) },
  {
    key: "put /debates/{debateId}/summaries/{summaryId}",
    seed: summaryBy,
    req: (c) => ({ path: dp(c.debate, `/summaries/${c.seeded.summaryId}`), body: { body: "Edited by its author", revision: 1 } }),
    expect: mutation(["builder"]),
  },
  {
    key: "put /debates/{debateId}/summaries/{summaryId}/endorsement",
    seed: summaryBy,
    req: (c) => ({ path: dp(c.debate, `/summaries/${c.seeded.summaryId}/endorsement`) }),
    // Builders and breakers by side: the owner is on the builder side, the moderator an observer.
    expect: mutation(["builder", "breaker", "owner"]),
  },
  {
    key: "delete /debates/{debateId}/summaries/{summaryId}/endorsement",
    seed: summaryBy,
    req: (c) => ({ path: dp(c.debate, `/summaries/${c.seeded.summaryId}/endorsement`) }),
    // Withdrawing is anyone's own business: a reader with no endorsement changes nothing (200).
    expect: (a, v) => (a === "anonymous" ? 401 : v === "PRIVATE" && a === "nonMember" ? 404 : 200),
  },

  // Last: joining turns the non-member into a member.
  {
    key: "post /debates/{debateId}/join",
    req: (c) => ({ path: dp(c.debate, "/join"), body: { side: "OBSERVER" } }),
    // Members (the owner has a membership row) are already in: 409.
    expect: (a, v) => (a === "anonymous" ? 401 : a === "nonMember" ? (v === "PRIVATE" ? 404 : 201) : 409),
  },
];
// "patch /debates/{debateId}" needs the debate in its path: filled in below.
cases.find((c) => c.key === "patch /debates/{debateId}")!.req = (c) => ({ path: dp(c.debate), body: { title: "Renamed by the owner" } });

let server: Server;
const users = {} as Record<Exclude<ActorName, "anonymous">, User>;
const debates = {} as Record<Vis, { fixture: DebateFixture<MemberName>; shared: Seeded }>;
const seeds = new Map<string, Seeded>(); // `${key}|${vis}|${actor}`
const PASSWORD = "Correct horse battery 9!";
let cookieUser: User;
/** A password account with a move in the public debate, deleted over HTTP at the end. */
let leaver: User & { nodeId: string };
let other: { debate: DebateFixture<MemberName>; comment: string; counterexample: string; outsider: User };

async function tokenUser(): Promise<User> {
  const u = await createUser(db());
  const { secret } = await insertToken(db(), u.id);
  return { id: u.id, username: u.username, token: secret };
}

beforeAll(async () => {
  await ensureBuild();
  const t0 = Date.now();
  for (const name of ["nonMember", "observer", "builder", "breaker", "moderator", "owner"] as const) users[name] = await tokenUser();
  for (const vis of VISIBILITIES) {
    const fixture = await createDebate<MemberName>(db(), {
      owner: { ...users.owner, displayName: "Owner", via: "session" },
      ownerSide: "BUILDER",
      visibility: vis,
      playMode: "OPEN",
      members: {
        observer: { side: "OBSERVER", user: { ...users.observer, displayName: "o", via: "session" } },
        builder: { side: "BUILDER", user: { ...users.builder, displayName: "b", via: "session" } },
        breaker: { side: "BREAKER", user: { ...users.breaker, displayName: "k", via: "session" } },
        moderator: { side: "OBSERVER", role: "MODERATOR", user: { ...users.moderator, displayName: "m", via: "session" } },
      },
    });
    const comment = (await node(fixture)).id;
    const empirical = await empiricalNode(fixture);
    debates[vis] = { fixture, shared: { comment, empirical } };
    for (const c of cases) {
      if (!c.seed || c.global) continue;
      for (const actor of ACTORS) seeds.set(`${c.key}|${vis}|${actor}`, await c.seed(fixture, actor));
    }
  }
  // One token per actor to revoke in the matrix, and one throwaway account per actor to delete.
  for (const [name, u] of Object.entries(users)) {
    seeds.set(`delete /me/tokens/{tokenId}|-|${name}`, { tokenId: (await insertToken(db(), u.id, "to revoke")).id });
    seeds.set(`delete /me|-|${name}`, { token: (await tokenUser()).token });
  }
  // A second public debate of the same owner, for ids that belong to another debate.
  const od = await createDebate<MemberName>(db(), {
    owner: { ...users.owner, displayName: "Owner", via: "session" },
    members: {
      observer: { side: "OBSERVER" },
      builder: { side: "BUILDER", user: { ...users.builder, displayName: "b", via: "session" } },
      breaker: { side: "BREAKER" },
      moderator: { side: "OBSERVER", role: "MODERATOR" },
    },
  });
  other = {
    debate: od,
    comment: (await insertNode(db(), { debateId: od.id, parentId: od.rootNodeId, author: users.owner, kind: "COMMENT" })).id,
    counterexample: (await insertNode(db(), { debateId: od.id, parentId: od.rootNodeId, author: users.owner, kind: "COUNTEREXAMPLE" })).id,
    outsider: await tokenUser(),
  };
  await addMember(db(), od.id, other.outsider, "BREAKER");
  const cu = await createUser(db(), { password: PASSWORD });
  cookieUser = { id: cu.id, username: cu.username, token: (await insertToken(db(), cu.id)).secret };
  const lu = await createUser(db(), { password: PASSWORD, displayName: "Leaving Soon" });
  await addMember(db(), debates.PUBLIC.fixture.id, lu, "BREAKER");
  leaver = {
    id: lu.id,
    username: lu.username,
    token: (await insertToken(db(), lu.id)).secret,
    nodeId: (await insertNode(db(), { debateId: debates.PUBLIC.fixture.id, parentId: debates.PUBLIC.fixture.rootNodeId, author: lu, kind: "COUNTEREXAMPLE" })).id,
  };
  console.log(`[authz-http] seeded in ${Date.now() - t0} ms`);
  const s0 = Date.now();
  server = await serverOnTestDb();
  console.log(`[authz-http] server ready in ${Date.now() - s0} ms`);
  const exported = await call(`${server.url}${dp(debates.PUBLIC.fixture, "/export?format=json")}`);
  expect(exported.status).toBe(200);
  importText = exported.text;
}, 420_000);

afterAll(async () => {
  await server?.stop();
}, 30_000);

function send(actor: ActorName, method: string, r: Req, extra: Record<string, string> = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...extra };
  if (actor !== "anonymous") headers.authorization = `Bearer ${r.token ?? users[actor].token}`;
  // Anonymous mutations come from a page of ours, as a browser would send them.
  else if (method !== "GET") headers.origin = server.url;
  let body: string | undefined;
  if (r.raw) {
    headers["content-type"] = r.raw.type;
    body = r.raw.text;
  } else if (r.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(r.body);
  }
  return call(`${server.url}${r.path}`, { method, headers, body, stream: r.stream });
}

describe("authorization matrix over HTTP", () => {
  it("covers every route in routeDocs", () => {
    const covered = new Set(cases.map((c) => c.key.split(" #")[0]));
    const missing = routeDocs.map((r) => `${r.method} ${r.path}`).filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
  });

  const successStatus = new Map(routeDocs.map((r) => [`${r.method} ${r.path}`, r.contract.status as number]));

  it("every cell answers the documented status", { timeout: 420_000 }, async () => {
    const failures: string[] = [];
    let cells = 0;
    const t0 = Date.now();
    for (const c of cases) {
      const method = c.key.split(" ")[0]!.toUpperCase();
      for (const vis of c.global ? (["-"] as const) : VISIBILITIES) {
        for (const actor of ACTORS) {
          const d = vis === "-" ? debates.PUBLIC : debates[vis];
          const seeded = seeds.get(`${c.key}|${vis}|${actor}`) ?? {};
          const r = c.req({ debate: d.fixture, shared: d.shared, seeded, actor, users });
          // A success is the status the route's contract names (200, 201, or 204 for actions without a body).
          const documented = c.expect(actor, vis === "-" ? "PUBLIC" : vis);
          const want = documented >= 200 && documented < 300 ? (successStatus.get(c.key.split(" #")[0]!) ?? documented) : documented;
          const got = await send(actor, method, r);
          cells++;
          if (got.status !== want) failures.push(`${c.key} | ${vis} | ${actor}: expected ${want}, got ${got.status} ${got.text.slice(0, 160)}`);
        }
      }
    }
    console.log(`[authz-http] ${cells} cells in ${Date.now() - t0} ms`);
    expect(failures).toEqual([]);
  });

  it("private debates stay out of listings and searches for outsiders", async () => {
    const priv = debates.PRIVATE.fixture;
    for (const actor of ["anonymous", "nonMember"] as const) {
      for (const path of ["/api/v1/debates", `/api/v1/debates?q=${encodeURIComponent("Debate")}`]) {
        const r = await send(actor, "GET", { path });
        expect(r.status, `${actor} ${path}`).toBe(200);
        expect(r.text, `${actor} ${path}`).not.toContain(priv.id);
      }
    }
    // …and a private node is not reachable under a public debate's path either.
    const r = await send("nonMember", "GET", { path: dp(debates.PUBLIC.fixture, `/nodes/${debates.PRIVATE.shared.comment}`) });
    expect(r.status).toBe(404);
  });
});

describe("ids of another debate", () => {
  const A = () => debates.PUBLIC.fixture;
  const countNodes = async (debateId: string) => ((await send("owner", "GET", { path: `/api/v1/debates/${debateId}/tree` })).json as { nodes: unknown[] }).nodes.length;

  it("a node of debate B under debate A's path is 404 for every node route, and B's node is untouched", async () => {
    const b = other.comment;
    const routes: [string, string, unknown?][] = [
      ["GET", `/nodes/${b}`],
      ["PATCH", `/nodes/${b}`, { body: "hijacked", revision: 1 }],
      ["POST", `/nodes/${b}/retract`, {}],
      ["POST", `/nodes/${b}/accept`, {}],
      ["POST", `/nodes/${b}/prune`, { category: "UNPROMISING", reason: "x" }],
      ["POST", `/nodes/${b}/reopen`, { reason: "x" }],
      ["PUT", `/nodes/${b}/estimate`, { promise: 10 }],
      ["PUT", `/nodes/${b}/mode`, { mode: "EMPIRICAL" }],
      ["PUT", `/nodes/${b}/crux`],
      ["DELETE", `/nodes/${b}/crux`],
      ["PUT", `/nodes/${b}/experiment`, { question: "q", method: "m", supportIf: "s", refuteIf: "r" }],
      ["GET", `/nodes/${b}/predictions`],
      ["POST", `/nodes/${b}/predictions`, { probability: 0.5 }],
      ["POST", `/nodes/${b}/resolutions`, { action: "RESOLVE", outcome: "SUPPORTED", summary: "s", evidence: [] }],
      ["GET", `/tree?root=${b}`],
      ["GET", `/export?format=json&root=${b}`],
    ];
    const failures: string[] = [];
    for (const [method, rest, body] of routes) {
      const r = await send("owner", method, { path: dp(A(), rest), body });
      if (r.status !== 404) failures.push(`${method} ${rest}: ${r.status} ${r.text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    const detail = await send("owner", "GET", { path: `/api/v1/debates/${other.debate.id}/nodes/${b}` });
    const n = (detail.json as { node: { body: string; prunedAt: string | null; retractedAt: string | null; resolutionMode: string } }).node;
    expect(n.body).not.toBe("hijacked");
    expect(n.prunedAt).toBeNull();
    expect(n.retractedAt).toBeNull();
    expect(n.resolutionMode).not.toBe("EMPIRICAL");
  });

  it("parentId, answersNodeIds and duplicateOf from another debate are refused and nothing is written", async () => {
    const [beforeA, beforeB] = [await countNodes(A().id), await countNodes(other.debate.id)];
    const versionsBefore = (await send("owner", "GET", { path: dp(A(), "/versions") })).text;
    const attempts: [string, Req][] = [
      ["parentId", { path: dp(A(), "/nodes"), body: { parentId: other.comment, kind: "COMMENT", body: "cross parent" } }],
      [
        "answersNodeIds",
        { path: dp(A(), "/nodes"), body: { parentId: A().rootNodeId, kind: "PATCH", body: "cross patch", answersNodeIds: [other.counterexample], proposal: "A new version." } },
      ],
    ];
    const target = debates.PUBLIC.shared.comment;
    attempts.push(["duplicateOf", { path: dp(A(), `/nodes/${target}/prune`), body: { category: "DUPLICATE", reason: "dup", duplicateOf: other.comment } }]);
    for (const [what, r] of attempts) {
      const reply = await send("owner", "POST", r);
      expect(reply.status, `${what}: ${reply.text}`).toBeGreaterThanOrEqual(400);
      expect(reply.status, `${what}: ${reply.text}`).toBeLessThan(500);
    }
    expect(await countNodes(A().id)).toBe(beforeA);
    expect(await countNodes(other.debate.id)).toBe(beforeB);
    expect((await send("owner", "GET", { path: dp(A(), "/versions") })).text).toBe(versionsBefore);
    const pruned = await send("owner", "GET", { path: dp(A(), `/nodes/${target}`) });
    expect((pruned.json as { node: { prunedAt: string | null } }).node.prunedAt).toBeNull();
  });

  it("members and experiment owners of debate B are not members of debate A", async () => {
    const outsider = other.outsider.id;
    expect((await send("owner", "PATCH", { path: dp(A(), `/members/${outsider}`), body: { role: "MODERATOR" } })).status).toBe(404);
    expect((await send("owner", "DELETE", { path: dp(A(), `/members/${outsider}`) })).status).toBe(404);
    const stillThere = await send("owner", "GET", { path: `/api/v1/debates/${other.debate.id}/members` });
    expect(stillThere.text).toContain(outsider);
    const card = await send("owner", "PUT", {
      path: dp(A(), `/nodes/${debates.PUBLIC.shared.empirical}/experiment`),
      body: { question: "q", method: "m", supportIf: "s", refuteIf: "r", ownerId: outsider },
    });
    expect(card.status, card.text).toBe(422);
  });

  it("a token of another user cannot be revoked (404) and stays valid", async () => {
    const victim = await send("builder", "GET", { path: "/api/v1/me/tokens" });
    const id = (victim.json as { tokens: { id: string; revokedAt: string | null }[] }).tokens.find((t) => !t.revokedAt)!.id;
    expect((await send("breaker", "DELETE", { path: `/api/v1/me/tokens/${id}` })).status).toBe(404);
    expect((await send("builder", "GET", { path: "/api/v1/me" })).status).toBe(200);
  });
});

describe("cross-site requests and bearer tokens", () => {
  let cookie = "";
  const createBody = JSON.stringify({ title: "Cookie debate", proposal: "A plan made with a cookie." });
  const cookieCall = (headers: Record<string, string>, path = "/api/v1/debates", method = "POST", body = createBody) =>
    call(`${server.url}${path}`, { method, headers: { "content-type": "application/json", cookie, ...headers }, body });
  const mine = async () =>
    ((await call(`${server.url}/api/v1/debates?scope=mine`, { headers: { authorization: `Bearer ${cookieUser.token}` } })).json as { debates: unknown[] }).debates
      .length;

  let setCookies: string[] = [];
  beforeAll(async () => {
    const { jar, reply } = await signInWithCredentials(server.url, cookieUser.username, PASSWORD);
    expect(reply.status, reply.text).toBe(200);
    cookie = jar.header();
    setCookies = jar.raw;
    const me = await call(`${server.url}/api/v1/me`, { headers: { cookie } });
    expect((me.json as { user: { id: string } }).user.id).toBe(cookieUser.id);
  });

  it("the session cookie (plain http NEXTAUTH_URL) is HttpOnly and SameSite=Lax", () => {
    const session = setCookies.find((l) => l.startsWith("next-auth.session-token="));
    expect(session, setCookies.join("\n")).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });

  it("refuses cookie mutations from a foreign Origin, with no Origin, or marked cross-site (403, nothing written)", async () => {
    const before = await mine();
    const refused: [string, Record<string, string>][] = [
      ["foreign origin", { origin: "http://evil.example" }],
      ["origin with the right host on another port", { origin: `http://127.0.0.1:${server.port + 1}` }],
      ["null origin", { origin: "null" }],
      ["no origin, cross-site fetch", { "sec-fetch-site": "cross-site" }],
      ["no origin, same-site (sibling subdomain)", { "sec-fetch-site": "same-site" }],
      ["no origin at all", {}],
    ];
    for (const [what, headers] of refused) {
      const r = await cookieCall(headers);
      expect(r.status, `${what}: ${r.text}`).toBe(403);
    }
    const patch = await cookieCall({ origin: "http://evil.example" }, "/api/v1/me", "PATCH", JSON.stringify({ displayName: "pwned" }));
    expect(patch.status).toBe(403);
    expect(await mine()).toBe(before);
    const me = await call(`${server.url}/api/v1/me`, { headers: { cookie } });
    expect((me.json as { user: { displayName: string } }).user.displayName).not.toBe("pwned");
  });

  it("accepts the same cookie request from our own Origin", async () => {
    const before = await mine();
    const r = await cookieCall({ origin: server.url });
    expect(r.status, r.text).toBe(201);
    expect(await mine()).toBe(before + 1);
  });

  it("bearer requests need no cookie and no Origin (tokens are not ambient credentials)", async () => {
    const r = await call(`${server.url}/api/v1/debates`, { method: "POST", headers: { authorization: `Bearer ${cookieUser.token}`, "content-type": "application/json" }, body: createBody });
    expect(r.status, r.text).toBe(201);
  });

  it("a token with one changed character, a revoked token and a malformed header are refused (401), even with a valid cookie", async () => {
    const t = cookieUser.token;
    const last = t.at(-1) === "A" ? "B" : "A";
    const mid = Math.floor(t.length / 2);
    const variants = [t.slice(0, -1) + last, t.slice(0, mid) + (t[mid] === "x" ? "y" : "x") + t.slice(mid + 1), t.toUpperCase(), t + "A", t.slice(0, -1)];
    for (const bad of variants) {
      const r = await call(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${bad}`, cookie } });
      expect(r.status, bad).toBe(401);
    }
    for (const header of ["Bearer", "Basic Zm9vOmJhcg==", `Bearer ${t} extra`, "Token " + t]) {
      expect((await call(`${server.url}/api/v1/me`, { headers: { authorization: header } })).status, header).toBe(401);
    }
    // A token created through the API, then revoked.
    const created = await call(`${server.url}/api/v1/me/tokens`, { method: "POST", headers: { authorization: `Bearer ${t}`, "content-type": "application/json" }, body: JSON.stringify({ name: "short-lived" }) });
    expect(created.status).toBe(201);
    const token = (created.json as { token: { id: string; secret: string } }).token;
    createdSecret = token.secret;
    expect((await call(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token.secret}` } })).status).toBe(200);
    expect((await call(`${server.url}/api/v1/me/tokens/${token.id}`, { method: "DELETE", headers: { authorization: `Bearer ${t}` } })).status).toBe(204);
    expect((await call(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token.secret}` } })).status).toBe(401);
  });
});

describe("deleting an account over HTTP", () => {
  it("needs the password; afterwards the session cookie and the token are refused (401), sign-in fails, the move reads \"deleted user\"", async () => {
    const { jar, reply } = await signInWithCredentials(server.url, leaver.username, PASSWORD);
    expect(reply.status, reply.text).toBe(200);
    const cookie = jar.header();
    const asCookie = (method: string, body?: unknown) =>
      call(`${server.url}/api/v1/me`, {
        method,
        headers: { cookie, origin: server.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await asCookie("GET")).status).toBe(200);
    const wrong = await asCookie("DELETE", { password: "not the password" });
    expect(wrong.status, wrong.text).toBe(422);
    expect((await asCookie("GET")).status).toBe(200);

    const deleted = await asCookie("DELETE", { password: PASSWORD });
    expect(deleted.status, deleted.text).toBe(200);
    expect((await asCookie("GET")).status).toBe(401);
    expect((await call(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${leaver.token}` } })).status).toBe(401);
    const again = await signInWithCredentials(server.url, leaver.username, PASSWORD);
    expect((await call(`${server.url}/api/v1/me`, { headers: { cookie: again.jar.header() } })).status).toBe(401);

    const tree = await send("anonymous", "GET", { path: dp(debates.PUBLIC.fixture, "/tree") });
    const node = (tree.json as { nodes: { id: string; authorName: string }[] }).nodes.find((n) => n.id === leaver.nodeId);
    expect(node?.authorName).toBe("deleted user");
    const exported = await send("anonymous", "GET", { path: dp(debates.PUBLIC.fixture, "/export?format=markdown") });
    expect(exported.text).toContain("deleted user");
    expect(exported.text).not.toContain("Leaving Soon");
  });
});

let createdSecret = "";

describe("token storage (after the server stops)", () => {
  it("stores only the SHA-256 of each secret, never the secret", async () => {
    expect(createdSecret).toMatch(/^bb_/);
    await server.stop();
    const rows = await db().apiToken.findMany({ where: { userId: cookieUser.id }, select: { tokenHash: true, prefix: true, name: true } });
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(createdSecret);
    expect(dump).not.toContain(createdSecret.slice(10));
    const hash = createHash("sha256").update(createdSecret, "utf8").digest("hex");
    const row = rows.find((r) => r.tokenHash === hash);
    expect(row, "the API-created token is stored as its sha256 hex").toBeDefined();
    expect(row!.prefix).toBe(createdSecret.slice(0, 10));
    for (const r of rows) expect(r.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
