// Idempotency-Key on creating POSTs: the real route handlers (apiRoute) with real Requests
// and bearer tokens, against the real database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as postNode } from "@/app/api/v1/debates/[debateId]/nodes/route";
import { POST as importRoute } from "@/app/api/v1/debates/import/route";
import { POST as createToken } from "@/app/api/v1/me/tokens/route";
import { createApiToken } from "@/lib/server/auth/tokens";
import { db } from "@/lib/server/db/client";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  sweepExpiredIdempotencyKeys,
  type IdempotencyRequest,
} from "@/lib/server/idempotency";
import { deleteAccount } from "@/lib/server/users/delete-account";
import { createDebate, createUser } from "@/tests/factories";

const d = db();
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

function post(path: string, init: { token: string; key?: string; body: string; type?: string }) {
  const headers = new Headers({ host: "app.example", authorization: `Bearer ${init.token}`, "content-type": init.type ?? "application/json" });
  if (init.key !== undefined) headers.set("idempotency-key", init.key);
  return new Request(`http://app.example${path}`, { method: "POST", headers, body: init.body });
}

async function moveFixture() {
  const fx = await createDebate(d, { visibility: "PRIVATE", members: { breaker: { side: "BREAKER" }, other: { side: "BREAKER" } } });
  const breaker = (await createApiToken(fx.members.breaker.id, "bot")).secret;
  const other = (await createApiToken(fx.members.other.id, "bot")).secret;
  const path = `/api/v1/debates/${fx.id}/nodes`;
  const move = (token: string, key: string | undefined, text = "Fails when the input is empty.") =>
    postNode(post(path, { token, key, body: JSON.stringify({ parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", body: text }) }), ctx({ debateId: fx.id }));
  const moves = () => d.node.count({ where: { debateId: fx.id, kind: "COUNTEREXAMPLE" } });
  return { fx, breaker, other, move, moves };
}

const keyRows = (userId: string) => d.idempotencyKey.count({ where: { userId } });

describe("Idempotency-Key on POST /debates/:id/nodes", () => {
  it("a retried move creates one node and answers the first response again (status and body)", async () => {
    const { fx, breaker, move, moves } = await moveFixture();
    const key = randomUUID();
    const first = await move(breaker, key);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const firstBody = await first.text();

    const retry = await move(breaker, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.text()).toBe(firstBody);
    expect(await moves()).toBe(1);
    expect(await keyRows(fx.members.breaker.id)).toBe(1);

    // Without a key, the same request is a new move (no behaviour change for clients that send none).
    expect((await move(breaker, undefined)).status).toBe(201);
    expect(await moves()).toBe(2);
  });

  it("concurrent requests with one key create one node; every one answers the same", async () => {
    const { breaker, move, moves } = await moveFixture();
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, () => move(breaker, key)));
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(bodies).size).toBe(1);
    expect(answers.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(5);
    expect(await moves()).toBe(1);
  });

  it("the same key with a different body is refused with 422 IDEMPOTENCY_KEY_REUSED and creates nothing", async () => {
    const { breaker, move, moves } = await moveFixture();
    const key = randomUUID();
    expect((await move(breaker, key, "First text.")).status).toBe(201);
    const reused = await move(breaker, key, "Another text.");
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: { code: "IDEMPOTENCY_KEY_REUSED" } });
    expect(await moves()).toBe(1);
  });

  it("another user's identical key is independent: each creates one move", async () => {
    const { breaker, other, move, moves } = await moveFixture();
    const key = "shared-key-1";
    const a = await move(breaker, key);
    const b = await move(other, key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    const [na, nb] = [(await a.json()) as { node: { id: string } }, (await b.json()) as { node: { id: string } }];
    expect(na.node.id).not.toBe(nb.node.id);
    expect(await moves()).toBe(2);
  });

  it("an expired key is swept, and then the key is free: the same request creates again", async () => {
    const { fx, breaker, move, moves } = await moveFixture();
    const key = randomUUID();
    expect((await move(breaker, key)).status).toBe(201);
    const userId = fx.members.breaker.id;
    await d.$executeRaw`UPDATE "IdempotencyKey" SET "expiresAt" = now() - interval '1 second' WHERE "userId" = ${userId}`;

    expect(await sweepExpiredIdempotencyKeys()).toBeGreaterThanOrEqual(1);
    expect(await keyRows(userId)).toBe(0);
    const again = await move(breaker, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(await moves()).toBe(2);
  });

  it("an error is not kept: the key is released, so a retry runs afresh", async () => {
    const { fx, breaker, moves } = await moveFixture();
    const key = randomUUID();
    const path = `/api/v1/debates/${fx.id}/nodes`;
    const bad = JSON.stringify({ parentId: "no-such-node", kind: "COUNTEREXAMPLE", body: "Orphan." });
    const first = await postNode(post(path, { token: breaker, key, body: bad }), ctx({ debateId: fx.id }));
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(await keyRows(fx.members.breaker.id)).toBe(0);
    const again = await postNode(post(path, { token: breaker, key, body: bad }), ctx({ debateId: fx.id }));
    expect(again.status).toBe(first.status);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(await moves()).toBe(0);
  });

  it("a malformed key is 400 before anything runs", async () => {
    const { breaker, move, moves } = await moveFixture();
    for (const key of ["", "has space", "x".repeat(256), "é"]) {
      const res = await move(breaker, key);
      expect(res.status, JSON.stringify(key)).toBe(400);
    }
    expect((await move(breaker, "x".repeat(255))).status).toBe(201);
    expect(await moves()).toBe(1);
  });
});

describe("Idempotency-Key on other creating routes", () => {
  it("a retried import creates one debate", async () => {
    const user = await createUser(d);
    const token = (await createApiToken(user.id, "importer")).secret;
    const kialo = "Discussion Title: Should we cache?\n\n1. Should we cache?\n1.1. Con: Stale reads.\n";
    const key = randomUUID();
    const send = () => importRoute(post("/api/v1/debates/import", { token, key, body: kialo, type: "text/plain; charset=utf-8" }), ctx());
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    const ids = await Promise.all([a, b, c].map(async (r) => ((await r.json()) as { debate: { id: string } }).debate.id));
    expect(new Set(ids).size).toBe(1);
    expect(await d.debate.count({ where: { ownerId: user.id } })).toBe(1);
  });

  it("a retried token creation answers the same secret, which the stored answer does not hold in clear", async () => {
    const user = await createUser(d);
    const token = (await createApiToken(user.id, "admin")).secret;
    const key = randomUUID();
    const send = () => createToken(post("/api/v1/me/tokens", { token, key, body: JSON.stringify({ name: "ci" }) }), ctx());
    const first = (await (await send()).json()) as { token: { secret: string } };
    const again = await send();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { token: { secret: string } }).token.secret).toBe(first.token.secret);
    expect(await d.apiToken.count({ where: { userId: user.id, name: "ci" } })).toBe(1);
    const [row] = await d.idempotencyKey.findMany({ where: { userId: user.id } });
    expect(Buffer.from(row!.body!).toString("latin1")).not.toContain(first.token.secret);
  });
});

describe("the key store", () => {
  const request = async (): Promise<IdempotencyRequest> => ({ userId: (await createUser(d)).id, route: "POST /x", key: randomUUID(), requestHash: "h1" });

  it("a second claim waits for the first request; still running after the wait, it is busy; once completed, it replays", async () => {
    const r = await request();
    expect(await claimIdempotencyKey(r)).toEqual({ kind: "claimed" });
    expect(await claimIdempotencyKey(r, { waitMs: 120 })).toEqual({ kind: "busy" });
    const waiting = claimIdempotencyKey(r, { waitMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await completeIdempotencyKey(r, 201, '{"ok":1}');
    expect(await waiting).toEqual({ kind: "replay", status: 201, body: '{"ok":1}' });
    expect(await claimIdempotencyKey({ ...r, requestHash: "h2" })).toEqual({ kind: "mismatch" });
  });

  it("a key left running by a dead process is taken over after the abandon time, by the same request only", async () => {
    const r = await request();
    expect(await claimIdempotencyKey(r)).toEqual({ kind: "claimed" });
    await d.$executeRaw`UPDATE "IdempotencyKey" SET "createdAt" = now() - interval '10 minutes' WHERE "userId" = ${r.userId}`;
    expect(await claimIdempotencyKey({ ...r, requestHash: "other" })).toEqual({ kind: "mismatch" });
    expect(await claimIdempotencyKey(r)).toEqual({ kind: "claimed" });
  });

  it("deleting an account deletes its keys and their kept answers", async () => {
    const r = await request();
    await claimIdempotencyKey(r);
    await completeIdempotencyKey(r, 201, '{"token":{"secret":"bb_x"}}');
    await deleteAccount({ id: r.userId }, { removeMoves: false });
    expect(await keyRows(r.userId)).toBe(0);
  });

  it("the sweep deletes only expired keys", async () => {
    const live = await request();
    const old = await request();
    await claimIdempotencyKey(live);
    await claimIdempotencyKey(old);
    await d.$executeRaw`UPDATE "IdempotencyKey" SET "expiresAt" = now() - interval '1 second' WHERE "userId" = ${old.userId}`;
    await sweepExpiredIdempotencyKeys();
    expect(await keyRows(old.userId)).toBe(0);
    expect(await keyRows(live.userId)).toBe(1);
  });
});
