import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { resolveActor } from "@/lib/http/actor";
import { authOptions } from "@/lib/http/auth-options";
import { createApiToken, revokeApiToken } from "@/lib/server/auth/tokens";
import { createSession, endSession } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db/client";
import { inviteMember, removeMember, updateDebate } from "@/lib/server/debate/debates";
import { leaveDebate } from "@/lib/server/debate/lifecycle";
import { deleteAccount } from "@/lib/server/users/delete-account";
import { createNode } from "@/lib/server/debate/nodes";
import { pruneBranch, reopenBranch } from "@/lib/server/debate/branches";
import { recordEvent } from "@/lib/server/events/record";
import { listActivity, activityQuery } from "@/lib/server/live/activity";
import { liveHub, stopLiveHub } from "@/lib/server/live/hub";
import { liveLimits, openConnectionCount, openEventStream } from "@/lib/server/live/stream";
import { listNotifications, listNotificationsQuery, markNotificationsRead } from "@/lib/server/notifications/service";
import { GET as eventsRoute } from "@/app/api/v1/debates/[debateId]/events/route";
import { GET as meNotificationsRoute } from "@/app/api/v1/me/notifications/route";
import { SseReader } from "./sse";
import { addMember, comment, debate, user } from "./helpers";

const defaults = { ...liveLimits };
afterEach(() => Object.assign(liveLimits, defaults));
afterAll(async () => {
  await stopLiveHub();
});

const open: SseReader[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.cancel();
});

async function stream(options: Parameters<typeof openEventStream>[0]) {
  const response = await openEventStream(options);
  const reader = new SseReader(response.body!);
  open.push(reader);
  return reader;
}

const ip = "127.0.0.1";

beforeAll(async () => {
  await liveHub().ready();
});

describe("SSE stream: live delivery and replay", () => {
  it("delivers changes live, then replays exactly the missed events in order after a reconnect", async () => {
    const owner = await user("Olive");
    const d = await debate(owner);
    const other = await debate(owner);

    const first = await stream({ actor: owner, debateId: d.id, since: null, ip });
    await first.waitFor((ev) => ev.some((e) => e.event === "ready"));
    const n1 = await comment(owner, d.id, d.rootNodeId, "one");
    const n2 = await comment(owner, d.id, d.rootNodeId, "two");
    const seen = await first.waitFor(() => first.changes().length >= 2);
    expect(first.changes().map((c) => c.nodeId)).toEqual([n1.id, n2.id]);
    const lastId = seen.filter((e) => e.event === "change").at(-1)!.id!;
    await first.cancel();

    // While away: two changes here, one elsewhere.
    const n3 = await comment(owner, d.id, d.rootNodeId, "three");
    await comment(owner, other.id, other.rootNodeId, "elsewhere");
    const n4 = await comment(owner, d.id, d.rootNodeId, "four");

    const again = await stream({ actor: owner, debateId: d.id, since: BigInt(lastId), ip });
    await again.waitFor(() => again.changes().length >= 2);
    const n5 = await comment(owner, d.id, d.rootNodeId, "five");
    await again.waitFor(() => again.changes().length >= 3);
    await new Promise((r) => setTimeout(r, 200)); // nothing else (no duplicates) arrives
    const changes = again.changes();
    expect(changes.map((c) => c.nodeId)).toEqual([n3.id, n4.id, n5.id]);
    expect(changes.map((c) => c.type)).toEqual(["node.created", "node.created", "node.created"]);
    const ids = again.events.filter((e) => e.event === "change").map((e) => BigInt(e.id!));
    expect(ids[0]! > BigInt(lastId)).toBe(true);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    // Small payloads only.
    expect(Object.keys(changes[0]!).sort()).toEqual(["actorId", "createdAt", "nodeId", "seq", "type"]);
  });

  it("sends one resync instead of a replay when the client is too far behind", async () => {
    liveLimits.resyncGap = 3;
    const owner = await user("Rex");
    const d = await debate(owner);
    const { _max } = await db().debateEvent.aggregate({ where: { debateId: d.id }, _max: { seq: true } });
    for (let i = 0; i < 5; i++) await comment(owner, d.id, d.rootNodeId, `n${i}`);
    const latest = (await db().debateEvent.aggregate({ where: { debateId: d.id }, _max: { seq: true } }))._max.seq!;
    const s = await stream({ actor: owner, debateId: d.id, since: _max.seq!, ip });
    const events = await s.waitFor((ev) => ev.some((e) => e.event === "resync"));
    expect(s.changes()).toEqual([]);
    expect(events.find((e) => e.event === "resync")!.id).toBe(String(latest));
  });

  it("streams with SSE headers through the route, cleans up on request.signal, and hides private debates (404)", async () => {
    const owner = await user("Pat");
    const stranger = await user("Stan");
    const pub = await debate(owner, "PUBLIC");
    const priv = await debate(owner, "PRIVATE");
    const { secret } = await createApiToken(stranger.id, "live");
    const ctx = (id: string) => ({ params: Promise.resolve({ debateId: id }) });
    const controller = new AbortController();
    const headers = { authorization: `Bearer ${secret}` };
    const ok = await eventsRoute(new Request(`http://localhost/api/v1/debates/${pub.id}/events`, { headers, signal: controller.signal }), ctx(pub.id));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(ok.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(ok.headers.get("x-accel-buffering")).toBe("no");
    const reader = new SseReader(ok.body!);
    open.push(reader);
    await reader.waitFor((ev) => ev.some((e) => e.event === "presence" && JSON.parse(e.data).viewers.includes("Stan")));
    controller.abort(); // request.signal cleans up
    await reader.waitForEnd();
    expect(openConnectionCount(`user:${stranger.id}`)).toBe(0);
    expect(liveHub().subscriberCount(pub.id)).toBe(0);

    const hidden = await eventsRoute(new Request(`http://localhost/api/v1/debates/${priv.id}/events`, { headers }), ctx(priv.id));
    expect(hidden.status).toBe(404);
  });

  it("lets anonymous readers watch public debates and counts them in presence", async () => {
    const owner = await user("Anna");
    const d = await debate(owner, "UNLISTED");
    const watcher = await stream({ actor: owner, debateId: d.id, since: null, ip });
    const anon = await stream({ actor: null, debateId: d.id, since: null, ip: "10.0.0.1" });
    await anon.waitFor((ev) => ev.some((e) => e.event === "ready"));
    await watcher.waitFor((ev) => ev.some((e) => e.event === "presence" && e.data === JSON.stringify({ viewers: ["Anna"], anonymous: 1 })));
    await anon.cancel();
    await watcher.waitFor((ev) => ev.at(-1)?.event === "presence" && ev.at(-1)?.data === JSON.stringify({ viewers: ["Anna"], anonymous: 0 }));
  });
});

describe("access is re-checked while streaming", () => {
  it("a member removed from a private debate stops receiving its events at once", async () => {
    const owner = await user("Owen");
    const member = await user("Mia");
    const d = await debate(owner, "PRIVATE");
    await addMember(d.id, member);
    const s = await stream({ actor: member, debateId: d.id, since: null, ip });
    await comment(owner, d.id, d.rootNodeId, "before");
    await s.waitFor(() => s.changes().length === 1);
    await removeMember(owner, d.id, member.id);
    await comment(owner, d.id, d.rootNodeId, "after");
    await s.waitForEnd();
    expect(s.events.some((e) => e.event === "revoked")).toBe(true);
    expect(s.changes().map((c) => c.type)).toEqual(["node.created"]);
    expect(liveHub().subscriberCount(d.id)).toBe(0);
    // And cannot reconnect.
    await expect(openEventStream({ actor: member, debateId: d.id, since: null, ip })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a stream opened with a bearer token ends when the token is revoked; nothing written after reaches it", async () => {
    const owner = await user("Tess");
    const watcher = await user("Walt");
    const d = await debate(owner, "PUBLIC");
    const token = await createApiToken(watcher.id, "live");
    const response = await eventsRoute(
      new Request(`http://localhost/api/v1/debates/${d.id}/events`, { headers: { authorization: `Bearer ${token.secret}` } }),
      { params: Promise.resolve({ debateId: d.id }) },
    );
    const s = new SseReader(response.body!);
    open.push(s);
    await comment(owner, d.id, d.rootNodeId, "before");
    await s.waitFor(() => s.changes().length === 1);
    await revokeApiToken(watcher.id, token.id);
    const after = await comment(owner, d.id, d.rootNodeId, "after");
    await s.waitForEnd(); // announced: at once, well within liveLimits.recheckMs
    expect(s.events.some((e) => e.event === "revoked")).toBe(true);
    expect(s.changes().map((c) => c.nodeId)).not.toContain(after.id);
    expect(s.changes()).toHaveLength(1);
    expect(openConnectionCount(`user:${watcher.id}`)).toBe(0);
  });

  it("a revocation nobody announces still ends the stream within liveLimits.recheckMs", async () => {
    liveLimits.recheckMs = 300;
    const owner = await user("Ula");
    const d = await debate(owner, "PUBLIC");
    const token = await createApiToken(owner.id, "live");
    const response = await eventsRoute(
      new Request(`http://localhost/api/v1/debates/${d.id}/events`, { headers: { authorization: `Bearer ${token.secret}` } }),
      { params: Promise.resolve({ debateId: d.id }) },
    );
    const s = new SseReader(response.body!);
    open.push(s);
    await s.waitFor((ev) => ev.some((e) => e.event === "ready"));
    await db().apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } }); // no pg_notify
    await s.waitForEnd(3_000);
    expect(s.events.some((e) => e.event === "revoked")).toBe(true);
  });

  it("a stream opened with a session cookie resolves it again from the request, long after the handler returned", async () => {
    liveLimits.recheckMs = 300;
    const owner = await user("Vic");
    const viewer = await user("Wes");
    const d = await debate(owner, "PUBLIC");
    // A next-auth session cookie as the sign-in would set it; no next/headers request scope exists here.
    const sid = await createSession(viewer.id, "test");
    const cookie = `next-auth.session-token=${await encode({ token: { uid: viewer.id, sid }, secret: (await authOptions()).secret! })}`;
    const request = () => new Request(`http://localhost/api/v1/debates/${d.id}/events`, { headers: { cookie } });
    expect((await resolveActor(request()))?.id).toBe(viewer.id);
    const s = new SseReader((await eventsRoute(request(), { params: Promise.resolve({ debateId: d.id }) })).body!);
    open.push(s);
    await s.waitFor((ev) => ev.some((e) => e.event === "presence" && JSON.parse(e.data).viewers.includes("Wes")));
    await new Promise((r) => setTimeout(r, 3 * liveLimits.recheckMs)); // re-checks that find the session valid keep it open
    expect(s.ended).toBe(false);
    await db().user.delete({ where: { id: viewer.id } }); // the session's user is gone: the next re-check ends the stream
    await s.waitForEnd(3_000);
    expect(s.events.some((e) => e.event === "revoked")).toBe(true);
  });

  it("a stream opened with a session cookie ends at once when that session signs out; nothing written after reaches it", async () => {
    const owner = await user("Xan");
    const viewer = await user("Yara");
    const d = await debate(owner, "PUBLIC");
    const sid = await createSession(viewer.id, "test");
    const cookie = `next-auth.session-token=${await encode({ token: { uid: viewer.id, sid }, secret: (await authOptions()).secret! })}`;
    const s = new SseReader(
      (await eventsRoute(new Request(`http://localhost/api/v1/debates/${d.id}/events`, { headers: { cookie } }), { params: Promise.resolve({ debateId: d.id }) })).body!,
    );
    open.push(s);
    await comment(owner, d.id, d.rootNodeId, "before");
    await s.waitFor(() => s.changes().length === 1);
    expect(await endSession(viewer.id, sid)).toBe(true);
    const after = await comment(owner, d.id, d.rootNodeId, "after");
    await s.waitForEnd(); // announced: well within liveLimits.recheckMs (30 s)
    expect(s.events.some((e) => e.event === "revoked")).toBe(true);
    expect(s.changes().map((c) => c.nodeId)).not.toContain(after.id);
  });

  it("a member who leaves, even a public debate, has their streams on it ended as on removal", async () => {
    const owner = await user("Lou");
    const member = await user("Lea");
    const d = await debate(owner, "PUBLIC");
    await addMember(d.id, member);
    const s = await stream({ actor: member, debateId: d.id, since: null, ip });
    const watcher = await stream({ actor: owner, debateId: d.id, since: null, ip });
    await s.waitFor((ev) => ev.some((e) => e.event === "ready"));
    await leaveDebate(member, d.id);
    await comment(owner, d.id, d.rootNodeId, "after");
    await s.waitForEnd();
    expect(s.events.some((e) => e.event === "revoked")).toBe(true);
    expect(s.changes()).toEqual([]);
    // Everyone else keeps watching and sees the departure.
    await watcher.waitFor(() => watcher.changes().length === 2);
    expect(watcher.changes().map((c) => c.type)).toEqual(["member.left", "node.created"]);
  });

  it("deleting one's account ends one's streams on every debate one was a member of", async () => {
    const owner = await user("Dora");
    const member = await user("Dan");
    const [a, b] = [await debate(owner, "PUBLIC"), await debate(owner, "PRIVATE")];
    for (const d of [a, b]) await addMember(d.id, member);
    const streams = [await stream({ actor: member, debateId: a.id, since: null, ip }), await stream({ actor: member, debateId: b.id, since: null, ip })];
    for (const s of streams) await s.waitFor((ev) => ev.some((e) => e.event === "ready"));
    await deleteAccount(member, { removeMoves: false });
    for (const s of streams) {
      await s.waitForEnd();
      expect(s.events.some((e) => e.event === "revoked")).toBe(true);
    }
  });

  it("an anonymous viewer is cut off when a public debate becomes private", async () => {
    const owner = await user("Vera");
    const d = await debate(owner, "PUBLIC");
    const s = await stream({ actor: null, debateId: d.id, since: null, ip: "10.0.0.9" });
    await s.waitFor((ev) => ev.some((e) => e.event === "ready"));
    await updateDebate(owner, d.id, { visibility: "PRIVATE" });
    await s.waitForEnd();
    expect(s.events.some((e) => e.event === "revoked")).toBe(true);
  });
});

describe("limits", () => {
  it("caps open connections per user (429 beyond the limit) and frees a slot on disconnect", async () => {
    const owner = await user("Cap");
    const d = await debate(owner);
    const { secret } = await createApiToken(owner.id, "live");
    const ctx = { params: Promise.resolve({ debateId: d.id }) };
    const controllers: AbortController[] = [];
    const req = () => {
      const c = new AbortController();
      controllers.push(c);
      return new Request(`http://localhost/api/v1/debates/${d.id}/events`, { headers: { authorization: `Bearer ${secret}` }, signal: c.signal });
    };
    const responses = [];
    for (let i = 0; i < liveLimits.maxConnectionsPerUser; i++) responses.push(await eventsRoute(req(), ctx));
    expect(responses.map((r) => r.status)).toEqual(Array(liveLimits.maxConnectionsPerUser).fill(200));
    const refused = await eventsRoute(req(), ctx);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    controllers[0]!.abort();
    const again = await eventsRoute(req(), ctx);
    expect(again.status).toBe(200);
    for (const c of controllers) c.abort();
    for (const r of [...responses, again]) await r.body?.cancel().catch(() => {});
    expect(openConnectionCount(`user:${owner.id}`)).toBe(0);
  });

  it("drops a client that does not read once its queue overflows, without blocking others", async () => {
    liveLimits.maxQueuedBytes = 1_500;
    const owner = await user("Slow");
    const d = await debate(owner);
    const slow = await openEventStream({ actor: owner, debateId: d.id, since: null, ip }); // never read
    const fast = await stream({ actor: owner, debateId: d.id, since: null, ip });
    for (let i = 0; i < 12; i++) await comment(owner, d.id, d.rootNodeId, `burst ${i}`);
    await fast.waitFor(() => fast.changes().length === 12);
    expect(openConnectionCount(`user:${owner.id}`)).toBe(1);
    expect(liveHub().subscriberCount(d.id)).toBe(1);
    // The slow client's stream was errored (its backlog discarded); it will reconnect and replay or re-sync.
    const slowReader = slow.body!.getReader();
    await expect((async () => {
      for (;;) if ((await slowReader.read()).done) return "closed";
    })()).rejects.toThrow(/too slow/);
  });
});

describe("notifications", () => {
  it("notifies replies, counterexamples, prunes, reopens and resolutions, never the actor", async () => {
    const owner = await user("Ada");
    const breaker = await user("Bo");
    const predictor = await user("Cy");
    const d = await debate(owner);
    await addMember(d.id, breaker, "BREAKER");
    await addMember(d.id, predictor, "BUILDER");

    const q = await createNode(owner, d.id, { parentId: d.rootNodeId, kind: "QUESTION", title: "Why?", body: "why so" });
    await comment(breaker, d.id, q.id, "reply to a question"); // reply → owner
    const cx = await createNode(breaker, d.id, { parentId: d.rootNodeId, kind: "COUNTEREXAMPLE", title: "Black swan", body: "Australia" }); // → owner (counterexample, not also reply)
    await comment(breaker, d.id, cx.id, "my own"); // self: nothing
    await pruneBranch(owner, d.id, cx.id, { category: "UNPROMISING", reason: "meh" }); // → breaker
    await reopenBranch(owner, d.id, cx.id, { reason: "second look" }); // → breaker
    await db().prediction.createMany({
      data: [
        { nodeId: cx.id, userId: predictor.id, side: "BUILDER", probability: 0.2 },
        { nodeId: cx.id, userId: predictor.id, side: "BUILDER", probability: 0.3 },
        { nodeId: cx.id, userId: owner.id, side: "BUILDER", probability: 0.5 },
      ],
    });
    await db().$transaction((tx) => recordEvent(tx, { debateId: d.id, actorId: owner.id, type: "claim.resolved", nodeId: cx.id, payload: { outcome: "SUPPORTED" } }));

    const mine = async (u: { id: string }) => (await listNotifications(u, listNotificationsQuery.parse({}))).notifications;
    const ownerN = await mine(owner);
    expect(ownerN.map((n) => n.type).sort()).toEqual(["counterexample", "reply"]);
    expect(ownerN.find((n) => n.type === "counterexample")!.message).toContain("against your proposal version 1");
    const breakerN = await mine(breaker);
    expect(breakerN.map((n) => n.type)).toEqual(["branch.reopened", "branch.pruned"]);
    expect(breakerN[0]!.href).toBe(`/debates/${d.id}#node-${cx.id}`);
    const predictorN = await mine(predictor);
    expect(predictorN).toHaveLength(1);
    expect(predictorN[0]!).toMatchObject({ type: "claim.resolved", nodeId: cx.id });
    expect(predictorN[0]!.message).toContain("supported");

    // Each notification points at its event.
    const seqs = new Set((await db().debateEvent.findMany({ where: { debateId: d.id }, select: { seq: true } })).map((e) => Number(e.seq)));
    for (const n of [...ownerN, ...breakerN, ...predictorN]) expect(seqs.has(n.eventSeq)).toBe(true);

    // Mark one read, then all; other users' ids are ignored.
    const r1 = await markNotificationsRead(owner, { ids: [ownerN[0]!.id, breakerN[0]!.id] });
    expect(r1).toEqual({ updated: 1, unreadCount: 1 });
    expect((await listNotifications(owner, listNotificationsQuery.parse({ unread: "1" }))).notifications).toHaveLength(1);
    expect(await markNotificationsRead(owner, { all: true })).toEqual({ updated: 1, unreadCount: 0 });
    expect((await listNotifications(breaker, listNotificationsQuery.parse({ unread: "1" }))).unreadCount).toBe(2);
  });

  it("does not notify someone who can no longer read a private debate", async () => {
    const owner = await user("Priv");
    const gone = await user("Gone");
    const d = await debate(owner, "PRIVATE");
    await addMember(d.id, gone);
    const node = await comment(gone, d.id, d.rootNodeId, "I was here");
    await removeMember(owner, d.id, gone.id);
    await comment(owner, d.id, node.id, "reply after removal");
    expect((await listNotifications(gone, listNotificationsQuery.parse({}))).notifications).toHaveLength(0);
  });
});

describe("notifications keep what they showed when written", () => {
  it("a member removed from a private debate learns neither its new title nor new content through notifications (service and API)", async () => {
    const owner = await user("Hal");
    const gone = await user("Ivy");
    const d = await debate(owner, "PRIVATE");
    const oldTitle = (await db().debate.findUniqueOrThrow({ where: { id: d.id }, select: { title: true } })).title;
    await addMember(d.id, gone);
    const mine = await comment(gone, d.id, d.rootNodeId, "my point");
    await comment(owner, d.id, mine.id, "an answer before the removal"); // → a reply notification to Ivy
    await removeMember(owner, d.id, gone.id);
    await updateDebate(owner, d.id, { title: "Secret merger with Initech" });
    await comment(owner, d.id, mine.id, "Initech's numbers are confidential");

    const listed = await listNotifications(gone, listNotificationsQuery.parse({}));
    expect(listed.notifications).toHaveLength(1);
    expect(listed.notifications[0]).toMatchObject({ type: "reply", debateTitle: oldTitle });
    const { secret } = await createApiToken(gone.id, "api");
    const viaApi = await meNotificationsRoute(new Request("http://localhost/api/v1/me/notifications", { headers: { authorization: `Bearer ${secret}` } }), {
      params: Promise.resolve({}),
    });
    expect(viaApi.status).toBe(200);
    const text = await viaApi.text();
    expect(text).toContain(oldTitle);
    expect(text).not.toMatch(/Initech/);
  });

  it("an invited user hears who invited them, with the debate's title", async () => {
    const owner = await user("Joy");
    const invitee = await user("Ken");
    const d = await debate(owner, "PRIVATE");
    const title = (await db().debate.findUniqueOrThrow({ where: { id: d.id }, select: { title: true } })).title;
    await inviteMember(owner, d.id, invitee.username, "BREAKER");
    const [n, ...rest] = (await listNotifications(invitee, listNotificationsQuery.parse({}))).notifications;
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ type: "member.invited", debateTitle: title, href: `/debates/${d.id}`, nodeId: null });
    expect(n!.message).toBe(`Joy invited you to the debate “${title}” as a breaker`);
    expect((await listNotifications(owner, listNotificationsQuery.parse({}))).notifications).toEqual([]);
  });

  it("reopening a branch tells whoever pruned it as well as its author, never the reopener", async () => {
    const owner = await user("Lou");
    const author = await user("Max");
    const pruner = await user("Ned");
    const d = await debate(owner);
    await addMember(d.id, author, "BREAKER");
    await db().membership.create({ data: { debateId: d.id, userId: pruner.id, side: "OBSERVER", role: "MODERATOR" } });
    const cx = await createNode(author, d.id, { parentId: d.rootNodeId, kind: "COUNTEREXAMPLE", title: "Black swan", body: "Australia" });
    await pruneBranch(pruner, d.id, cx.id, { category: "UNPROMISING", reason: "meh" });
    await reopenBranch(owner, d.id, cx.id, { reason: "second look" });
    const reopened = async (u: { id: string }) =>
      (await listNotifications(u, listNotificationsQuery.parse({}))).notifications.filter((n) => n.type === "branch.reopened").map((n) => n.message);
    expect(await reopened(author)).toEqual([`Lou reopened your branch “Black swan” in “${(await db().debate.findUniqueOrThrow({ where: { id: d.id } })).title}”`]);
    expect(await reopened(pruner)).toEqual([expect.stringMatching(/^Lou reopened the branch “Black swan” that you pruned in “/)]);
    expect(await reopened(owner)).toEqual([]);

    // The pruner reopening their own prune hears nothing of it; the author does.
    await pruneBranch(pruner, d.id, cx.id, { category: "UNPROMISING", reason: "again" });
    await reopenBranch(pruner, d.id, cx.id, { reason: "fine" });
    expect(await reopened(pruner)).toHaveLength(1);
    expect(await reopened(author)).toHaveLength(2);
  });
});

describe("activity feed", () => {
  it("lists events newest first with actor names, filters by kind or type, and pages by seq", async () => {
    const owner = await user("Feed");
    const d = await debate(owner);
    const a = await comment(owner, d.id, d.rootNodeId, "a");
    await comment(owner, d.id, d.rootNodeId, "b");
    await pruneBranch(owner, d.id, a.id, { category: "UNPROMISING", reason: "r" });

    const all = await listActivity(null, d.id, activityQuery.parse({}));
    expect(all.events.map((e) => e.type)).toEqual(["branch.pruned", "node.created", "node.created", "debate.created"]);
    expect(all.events[0]!.actor).toMatchObject({ id: owner.id, displayName: "Feed" });
    expect(all.events[0]!.node).toMatchObject({ id: a.id, kind: "COMMENT" });

    const nodes = await listActivity(null, d.id, activityQuery.parse({ type: "node" }));
    expect(nodes.events.map((e) => e.type)).toEqual(["node.created", "node.created"]);
    const exact = await listActivity(null, d.id, activityQuery.parse({ type: "branch.pruned" }));
    expect(exact.events).toHaveLength(1);

    const page1 = await listActivity(null, d.id, activityQuery.parse({ limit: "2" }));
    expect(page1.events).toHaveLength(2);
    const page2 = await listActivity(null, d.id, activityQuery.parse({ limit: "2", before: String(page1.nextBefore) }));
    expect([...page1.events, ...page2.events].map((e) => e.seq)).toEqual(all.events.map((e) => e.seq));
    expect(page2.nextBefore).toBeNull();

    const priv = await debate(owner, "PRIVATE");
    await expect(listActivity(null, priv.id, activityQuery.parse({}))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
