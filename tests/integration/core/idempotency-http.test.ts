// Idempotency-Key over real HTTP against a production server (`next start`, tests/support/servers.ts):
// Next.js's own Request objects, concurrent connections, the database the server holds.
// The rules one by one are in idempotency.test.ts (route handlers, both databases).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createDebate } from "@/tests/factories";
import { bearer, ensureBuild, type Server } from "@/tests/support/servers";
import { call, insertToken, serverOnTestDb } from "@/tests/integration/security/helpers";

let server: Server;
let debateId = "";
let rootNodeId = "";
let breakerToken = "";

beforeAll(async () => {
  await ensureBuild();
  const fx = await createDebate(db(), { visibility: "PRIVATE", members: { breaker: { side: "BREAKER" } } });
  debateId = fx.id;
  rootNodeId = fx.rootNodeId;
  breakerToken = (await insertToken(db(), fx.members.breaker.id)).secret;
  server = await serverOnTestDb();
}, 420_000);

afterAll(async () => {
  await server?.stop();
}, 30_000);

const counterexamples = async () => {
  const tree = await call(`${server.url}/api/v1/debates/${debateId}/tree`, { headers: bearer(breakerToken, false) });
  return (tree.json as { nodes: { kind: string }[] }).nodes.filter((n) => n.kind === "COUNTEREXAMPLE").length;
};

describe("Idempotency-Key over HTTP", () => {
  it("eight concurrent posts of one move with one key create one node and all answer it", async () => {
    const key = randomUUID();
    const body = JSON.stringify({ parentId: rootNodeId, kind: "COUNTEREXAMPLE", body: "Breaks on an empty list." });
    const send = () => call(`${server.url}/api/v1/debates/${debateId}/nodes`, { method: "POST", headers: { ...bearer(breakerToken), "idempotency-key": key }, body });
    const replies = await Promise.all(Array.from({ length: 8 }, send));
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(replies.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(7);
    expect(await counterexamples()).toBe(1);

    const other = await call(`${server.url}/api/v1/debates/${debateId}/nodes`, {
      method: "POST",
      headers: { ...bearer(breakerToken), "idempotency-key": key },
      body: body.replace("empty list", "long list"),
    });
    expect(other.status).toBe(422);
    expect((other.json as { error: { code: string } }).error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await counterexamples()).toBe(1);
  });

  it("a retried import creates one debate", async () => {
    const key = randomUUID();
    const kialo = "Discussion Title: Retry?\n\n1. Retry?\n1.1. Con: Twice is once too many.\n";
    const send = () =>
      call(`${server.url}/api/v1/debates/import`, {
        method: "POST",
        headers: { authorization: `Bearer ${breakerToken}`, "content-type": "text/plain; charset=utf-8", "idempotency-key": key },
        body: kialo,
      });
    const replies = [...(await Promise.all([send(), send()])), await send()];
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(replies.map((r) => (r.json as { debate: { id: string } }).debate.id)).size).toBe(1);
    const mine = await call(`${server.url}/api/v1/debates?scope=mine`, { headers: bearer(breakerToken, false) });
    expect((mine.json as { debates: { title: string }[] }).debates.filter((d) => d.title === "Retry?")).toHaveLength(1);
  });
});
