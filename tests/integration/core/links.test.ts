// Typed cross-links and support moves over the real services and database
// (docs/decisions/012-support-and-links.md): permissions, same-debate and
// self-link checks, duplicates, private debates, a race between two creators,
// events, notifications, the tree read, pruning as a duplicate, and the JSON
// round trip. Every refused call also checks that nothing was written.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { createLink, deleteLink } from "@/lib/server/debate/links";
import { createNode } from "@/lib/server/debate/nodes";
import { pruneBranch } from "@/lib/server/debate/branches";
import { debateOverview } from "@/lib/server/debate/overview";
import { debateSource } from "@/lib/server/transfer/db-source";
import { importDebate } from "@/lib/server/transfer/import";
import { documentFromSource } from "@/lib/formats/source";
import { validateDocument } from "@/lib/formats/document";
import { createDebate, createUser, insertNode, type DebateFixture } from "@/tests/factories";
import { outcomeOf, readTreeText } from "@/tests/support/services";
import { POST as postLink } from "@/app/api/v1/debates/[debateId]/links/route";
import { DELETE as deleteLinkRoute } from "@/app/api/v1/debates/[debateId]/links/[linkId]/route";
import { createApiToken } from "@/lib/server/auth/tokens";

const d = db();
type Fx = DebateFixture<"mod" | "builder" | "breaker" | "observer">;
const MEMBERS = { mod: { side: "OBSERVER", role: "MODERATOR" }, builder: { side: "BUILDER" }, breaker: { side: "BREAKER" }, observer: { side: "OBSERVER" } } as const;

let fx: Fx;
let other: Fx;
let outsider: Actor;

beforeAll(async () => {
  fx = await createDebate(d, { members: MEMBERS });
  other = await createDebate(d, { members: MEMBERS });
  outsider = await createUser(d, { displayName: "Outsider" });
});

const linkRows = (debateId: string) => d.nodeLink.count({ where: { debateId } });

async function twoNodes(f: Fx = fx) {
  const ce = await insertNode(d, { debateId: f.id, parentId: f.rootNodeId, author: f.members.breaker, kind: "COUNTEREXAMPLE", title: "Stale reads" });
  const rebuttal = await insertNode(d, { debateId: f.id, parentId: ce.id, author: f.members.builder, kind: "REBUTTAL", title: "TTL bounds it" });
  return { ce, rebuttal };
}

describe("creating a link", () => {
  it("players and staff may link; observers get 403, outsiders 403 (public), anonymous 401; nothing written when refused", async () => {
    const { ce, rebuttal } = await twoNodes();
    const cases: [Actor | null, string][] = [
      [fx.members.observer, "FORBIDDEN"],
      [outsider, "FORBIDDEN"],
      [null, "UNAUTHENTICATED"],
    ];
    const before = await linkRows(fx.id);
    for (const [actor, code] of cases) {
      expect(await outcomeOf(() => createLink(actor as Actor, fx.id, { fromId: rebuttal.id, toId: ce.id, type: "SEE_ALSO" }))).toBe(code);
    }
    expect(await linkRows(fx.id)).toBe(before);
    const types = ["SUPPORTS", "ATTACKS", "SAME_CLAIM", "SEE_ALSO"] as const;
    const who = [fx.members.builder, fx.members.breaker, fx.members.mod, fx.owner];
    for (const [i, actor] of who.entries()) {
      expect(await outcomeOf(() => createLink(actor, fx.id, { fromId: rebuttal.id, toId: ce.id, type: types[i]! }))).toBe("ok");
    }
    expect(await linkRows(fx.id)).toBe(before + 4);
  });

  it("a self-link is 400, an unknown node or a node of another debate 404, the same link twice 409", async () => {
    const { ce, rebuttal } = await twoNodes();
    const foreign = await twoNodes(other);
    const before = await linkRows(fx.id);
    const builder = fx.members.builder;
    expect(await outcomeOf(() => createLink(builder, fx.id, { fromId: ce.id, toId: ce.id, type: "SEE_ALSO" }))).toBe("BAD_REQUEST");
    expect(await outcomeOf(() => createLink(builder, fx.id, { fromId: ce.id, toId: "cmnosuchnode000000000000", type: "SEE_ALSO" }))).toBe("NOT_FOUND");
    expect(await outcomeOf(() => createLink(builder, fx.id, { fromId: ce.id, toId: foreign.ce.id, type: "SEE_ALSO" }))).toBe("NOT_FOUND");
    // The other debate's id with this debate's nodes: not found there either.
    expect(await outcomeOf(() => createLink(other.members.builder, other.id, { fromId: ce.id, toId: rebuttal.id, type: "SEE_ALSO" }))).toBe("NOT_FOUND");
    expect(await linkRows(fx.id)).toBe(before);
    expect(await linkRows(other.id)).toBe(0);
    expect(await outcomeOf(() => createLink(builder, fx.id, { fromId: rebuttal.id, toId: ce.id, type: "SUPPORTS" }))).toBe("ok");
    expect(await outcomeOf(() => createLink(fx.members.breaker, fx.id, { fromId: rebuttal.id, toId: ce.id, type: "SUPPORTS" }))).toBe("CONFLICT");
    // Another type, or the other direction, is another link.
    expect(await outcomeOf(() => createLink(builder, fx.id, { fromId: ce.id, toId: rebuttal.id, type: "SUPPORTS" }))).toBe("ok");
    expect(await linkRows(fx.id)).toBe(before + 2);
  });

  it("a private debate is 404 to outsiders and anonymous, for creating and removing", async () => {
    const secret = await createDebate(d, { visibility: "PRIVATE", members: MEMBERS });
    const { ce, rebuttal } = await twoNodes(secret);
    expect(await outcomeOf(() => createLink(outsider, secret.id, { fromId: rebuttal.id, toId: ce.id, type: "SEE_ALSO" }))).toBe("NOT_FOUND");
    expect(await outcomeOf(() => createLink(null as unknown as Actor, secret.id, { fromId: rebuttal.id, toId: ce.id, type: "SEE_ALSO" }))).toBe("NOT_FOUND");
    const link = await createLink(secret.members.builder, secret.id, { fromId: rebuttal.id, toId: ce.id, type: "SEE_ALSO" });
    expect(await outcomeOf(() => deleteLink(outsider, secret.id, link.id))).toBe("NOT_FOUND");
    expect(await linkRows(secret.id)).toBe(1);
  });

  it("two people creating the same link at once: one row, one 409", async () => {
    const { ce, rebuttal } = await twoNodes();
    const input = { fromId: rebuttal.id, toId: ce.id, type: "SAME_CLAIM" } as const;
    const codes = await Promise.all([
      outcomeOf(() => createLink(fx.members.builder, fx.id, input)),
      outcomeOf(() => createLink(fx.members.breaker, fx.id, input)),
    ]);
    expect([...codes].sort()).toEqual(["CONFLICT", "ok"]);
    expect(await d.nodeLink.count({ where: { fromNodeId: rebuttal.id, toNodeId: ce.id, type: "SAME_CLAIM" } })).toBe(1);
    expect(await d.debateEvent.count({ where: { debateId: fx.id, type: "link.created", nodeId: ce.id, payload: { path: ["type"], equals: "SAME_CLAIM" } } })).toBe(1);
  });

  it("records link.created for the feed and live stream, and notifies the linked node's author (not the actor)", async () => {
    const { ce, rebuttal } = await twoNodes();
    const link = await createLink(fx.members.builder, fx.id, { fromId: rebuttal.id, toId: ce.id, type: "ATTACKS" });
    const event = await d.debateEvent.findFirstOrThrow({ where: { debateId: fx.id, type: "link.created", nodeId: ce.id }, orderBy: { seq: "desc" } });
    expect(event.payload).toEqual({ linkId: link.id, fromId: rebuttal.id, toId: ce.id, type: "ATTACKS" });
    const notes = await d.notification.findMany({ where: { eventSeq: event.seq }, select: { userId: true, type: true, message: true } });
    expect(notes).toEqual([{ userId: fx.members.breaker.id, type: "link.created", message: expect.stringContaining("attacking") }]);
    // Linking to your own node notifies nobody.
    const own = await createLink(fx.members.breaker, fx.id, { fromId: rebuttal.id, toId: ce.id, type: "SEE_ALSO" });
    const ownEvent = await d.debateEvent.findFirstOrThrow({ where: { type: "link.created", payload: { path: ["linkId"], equals: own.id } } });
    expect(await d.notification.count({ where: { eventSeq: ownEvent.seq } })).toBe(0);
  });
});

describe("removing a link", () => {
  it("the author, moderators and the owner may; others 403; 404 for a link of another debate", async () => {
    const { ce, rebuttal } = await twoNodes();
    const link = await createLink(fx.members.breaker, fx.id, { fromId: rebuttal.id, toId: ce.id, type: "SEE_ALSO" });
    expect(await outcomeOf(() => deleteLink(fx.members.builder, fx.id, link.id))).toBe("FORBIDDEN");
    expect(await outcomeOf(() => deleteLink(fx.members.observer, fx.id, link.id))).toBe("FORBIDDEN");
    expect(await outcomeOf(() => deleteLink(other.owner, other.id, link.id))).toBe("NOT_FOUND");
    expect(await d.nodeLink.count({ where: { id: link.id } })).toBe(1);
    expect(await outcomeOf(() => deleteLink(fx.members.mod, fx.id, link.id))).toBe("ok");
    expect(await d.nodeLink.count({ where: { id: link.id } })).toBe(0);
    expect(await d.debateEvent.count({ where: { type: "link.deleted", payload: { path: ["linkId"], equals: link.id } } })).toBe(1);
    const mine = await createLink(fx.members.breaker, fx.id, { fromId: rebuttal.id, toId: ce.id, type: "SEE_ALSO" });
    expect(await outcomeOf(() => deleteLink(fx.members.breaker, fx.id, mine.id))).toBe("ok");
    expect(await outcomeOf(() => deleteLink(fx.members.breaker, fx.id, mine.id))).toBe("NOT_FOUND");
  });

  it("deleting a node deletes its links", async () => {
    const { ce, rebuttal } = await twoNodes();
    await createLink(fx.members.builder, fx.id, { fromId: rebuttal.id, toId: ce.id, type: "SEE_ALSO" });
    await d.node.delete({ where: { id: rebuttal.id } });
    expect(await d.nodeLink.count({ where: { OR: [{ fromNodeId: rebuttal.id }, { toNodeId: rebuttal.id }] } })).toBe(0);
  });
});

describe("supports, the tree read and pruning", () => {
  it("a support move is posted in STRICT mode by either side and counts as weight, not as a knockdown", async () => {
    const strict = await createDebate(d, { playMode: "STRICT", members: MEMBERS });
    const ce = await createNode(strict.members.breaker, strict.id, { parentId: strict.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Stale reads after a write.", targetVersions: [1] });
    const before = await debateOverview(null, strict.id);
    expect(before.scoreboard.current).toMatchObject({ status: "broken", brokenBy: [ce.id] });
    const support = await createNode(strict.members.breaker, strict.id, { parentId: ce.id, kind: "SUPPORT", title: "", body: "Seen in production last week." });
    expect(support.side).toBe("BREAKER");
    await createNode(strict.members.builder, strict.id, { parentId: strict.rootNodeId, kind: "SUPPORT", title: "", body: "The cache halves latency." });
    expect(await outcomeOf(() => createNode(strict.members.observer, strict.id, { parentId: ce.id, kind: "SUPPORT", title: "", body: "Observers only ask." }))).toBe("FORBIDDEN");
    const after = await debateOverview(null, strict.id);
    const summary = after.scoreboard.counterexamples.find((c) => c.id === ce.id)!;
    expect(summary).toMatchObject({ disposition: "live", supports: 1 });
    expect(after.scoreboard.current).toEqual(before.scoreboard.current);
  });

  it("GET /tree returns the links with the nodes; a subtree only the links inside it", async () => {
    const f = await createDebate(d, { members: MEMBERS });
    const { ce, rebuttal } = await twoNodes(f);
    const elsewhere = await insertNode(d, { debateId: f.id, parentId: f.rootNodeId, author: f.members.builder, kind: "COMMENT" });
    const inner = await createLink(f.members.builder, f.id, { fromId: rebuttal.id, toId: ce.id, type: "SUPPORTS" });
    const outer = await createLink(f.members.builder, f.id, { fromId: elsewhere.id, toId: ce.id, type: "SEE_ALSO" });
    const whole = JSON.parse(await readTreeText(null, f.id)) as { nodes: unknown[]; links: { id: string; fromId: string; toId: string; type: string; createdAt: string }[] };
    expect(whole.links.map((l) => l.id)).toEqual([inner.id, outer.id]);
    expect(whole.links[0]).toMatchObject({ fromId: rebuttal.id, toId: ce.id, type: "SUPPORTS", createdAt: inner.createdAt.toISOString() });
    const branch = JSON.parse(await readTreeText(null, f.id, ce.id)) as { links: { id: string }[] };
    expect(branch.links.map((l) => l.id)).toEqual([inner.id]);
    const overview = await debateOverview(null, f.id);
    expect(overview.links.map((l) => [l.fromId, l.toId, l.type])).toEqual([
      [rebuttal.id, ce.id, "SUPPORTS"],
      [elsewhere.id, ce.id, "SEE_ALSO"],
    ]);
  });

  it("pruning as a duplicate also creates the DUPLICATE_OF link, once", async () => {
    const f = await createDebate(d, { members: MEMBERS });
    const first = await insertNode(d, { debateId: f.id, parentId: f.rootNodeId, author: f.members.breaker, kind: "COUNTEREXAMPLE", title: "Original" });
    const copy = await insertNode(d, { debateId: f.id, parentId: f.rootNodeId, author: f.members.breaker, kind: "COUNTEREXAMPLE", title: "Copy" });
    await createLink(f.members.builder, f.id, { fromId: copy.id, toId: first.id, type: "DUPLICATE_OF" });
    await pruneBranch(f.members.mod, f.id, copy.id, { category: "DUPLICATE", reason: "Same as the original.", duplicateOf: first.id });
    const links = await d.nodeLink.findMany({ where: { debateId: f.id }, select: { fromNodeId: true, toNodeId: true, type: true } });
    expect(links).toEqual([{ fromNodeId: copy.id, toNodeId: first.id, type: "DUPLICATE_OF" }]);
    const third = await insertNode(d, { debateId: f.id, parentId: f.rootNodeId, author: f.members.breaker, kind: "COUNTEREXAMPLE", title: "Another copy" });
    await pruneBranch(f.members.breaker, f.id, third.id, { category: "DUPLICATE", reason: "Me again.", duplicateOf: first.id });
    expect(await d.nodeLink.findFirst({ where: { fromNodeId: third.id }, select: { toNodeId: true, type: true, authorId: true } })).toEqual({
      toNodeId: first.id,
      type: "DUPLICATE_OF",
      authorId: f.members.breaker.id,
    });
    expect((await d.pruneEvent.findFirstOrThrow({ where: { nodeId: third.id } })).duplicateOf).toBe(first.id);
  });

  it("export JSON → import → export keeps supports and links (refs renamed)", async () => {
    const f = await createDebate(d, { members: MEMBERS });
    const { ce, rebuttal } = await twoNodes(f);
    await createNode(f.members.builder, f.id, { parentId: rebuttal.id, kind: "SUPPORT", title: "", body: "The TTL is 5 s." });
    await createLink(f.members.breaker, f.id, { fromId: ce.id, toId: rebuttal.id, type: "ATTACKS" });
    await createLink(f.members.builder, f.id, { fromId: rebuttal.id, toId: f.rootNodeId, type: "SEE_ALSO" });
    const doc = validateDocument(await documentFromSource(await debateSource(f.id)));
    expect(doc.format).toBe("builder-breaker/2");
    expect(doc.links).toHaveLength(2);
    expect(doc.nodes.filter((n) => n.kind === "SUPPORT")).toHaveLength(1);
    const imported = await importDebate(f.owner, doc, { visibility: "PRIVATE" });
    const again = validateDocument(await documentFromSource(await debateSource(imported.id)));
    const refIndex = (x: typeof doc) => new Map(x.nodes.map((n, i) => [n.ref, i]));
    const shape = (x: typeof doc) => {
      const at = refIndex(x);
      return x.links.map((l) => [at.get(l.fromRef), at.get(l.toRef), l.type, l.createdAt]);
    };
    expect(shape(again)).toEqual(shape(doc));
    expect(again.nodes.map((n) => n.kind)).toEqual(doc.nodes.map((n) => n.kind));
  });
});

describe("over the route handlers", () => {
  const request = (method: string, path: string, token: string, body?: unknown, key?: string) => {
    const headers = new Headers({ host: "app.example", authorization: `Bearer ${token}`, "content-type": "application/json" });
    if (key) headers.set("idempotency-key", key);
    return new Request(`http://app.example${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

  it("201 with the link, a retry with the same Idempotency-Key answers it again, 400 self-link, 409 duplicate, 422 unknown type, 204 delete", async () => {
    const { ce, rebuttal } = await twoNodes();
    const token = (await createApiToken(fx.members.builder.id, "links test")).secret;
    const path = `/api/v1/debates/${fx.id}/links`;
    const body = { fromId: rebuttal.id, toId: ce.id, type: "SUPPORTS" };
    const first = await postLink(request("POST", path, token, body, "link-key-1"), ctx({ debateId: fx.id }));
    expect(first.status).toBe(201);
    const created = (await first.json()) as { link: { id: string; fromId: string; toId: string; type: string } };
    expect(created.link).toMatchObject(body);
    const retry = await postLink(request("POST", path, token, body, "link-key-1"), ctx({ debateId: fx.id }));
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as typeof created).link.id).toBe(created.link.id);
    expect((await postLink(request("POST", path, token, body), ctx({ debateId: fx.id }))).status).toBe(409);
    expect((await postLink(request("POST", path, token, { ...body, toId: rebuttal.id }), ctx({ debateId: fx.id }))).status).toBe(400);
    expect((await postLink(request("POST", path, token, { ...body, type: "LIKES" }), ctx({ debateId: fx.id }))).status).toBe(422);
    expect(await d.nodeLink.count({ where: { fromNodeId: rebuttal.id } })).toBe(1);
    const removed = await deleteLinkRoute(request("DELETE", `${path}/${created.link.id}`, token), ctx({ debateId: fx.id, linkId: created.link.id }));
    expect(removed.status).toBe(204);
    expect(await d.nodeLink.count({ where: { id: created.link.id } })).toBe(0);
  });
});
