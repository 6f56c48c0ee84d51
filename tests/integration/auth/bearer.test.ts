// Bearer tokens through resolveActor and the apiRoute wrapper, against the real
// database, with real Request objects (no HTTP server).
import { describe, expect, it } from "vitest";
import { POST as postNode } from "@/app/api/v1/debates/[debateId]/nodes/route";
import { apiRoute } from "@/lib/http/route";
import { resolveActor } from "@/lib/http/actor";
import { createApiToken, revokeApiToken } from "@/lib/server/auth/tokens";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/domain/errors";
import { createDebate, createUser } from "@/tests/factories";

const d = db();
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

function request(path: string, init: { method?: string; token?: string; authorization?: string; origin?: string; body?: unknown } = {}) {
  const headers = new Headers({ host: "app.example" });
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.authorization) headers.set("authorization", init.authorization);
  if (init.origin) headers.set("origin", init.origin);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  return new Request(`http://app.example${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe("resolveActor with a bearer token", () => {
  it("resolves the token's user (via token); revoked, unknown and malformed tokens are UNAUTHENTICATED, never anonymous", async () => {
    const user = await createUser(d);
    const token = await createApiToken(user.id, "test");
    expect(await resolveActor(request("/", { token: token.secret }))).toEqual({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      via: "token",
    });
    // The scheme is case-insensitive.
    expect((await resolveActor(request("/", { authorization: `bearer ${token.secret}` })))?.id).toBe(user.id);

    for (const authorization of ["Bearer", "Basic dXNlcjpwYXNz", `Bearer ${token.secret} extra`, "Bearer bb_unknown"]) {
      const error = await resolveActor(request("/", { authorization })).catch((e: unknown) => e);
      expect(error, authorization).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("UNAUTHENTICATED");
    }
    await revokeApiToken(user.id, token.id);
    const revoked = await resolveActor(request("/", { token: token.secret })).catch((e: unknown) => e);
    expect(revoked).toMatchObject({ code: "UNAUTHENTICATED", message: "Invalid or revoked token" });
  });
});

describe("apiRoute with a bearer token", () => {
  it("passes the token's actor to the handler; a cross-site Origin is fine for token requests", async () => {
    const user = await createUser(d);
    const { secret } = await createApiToken(user.id, "script");
    const route = apiRoute({ auth: true }, async ({ actor }) => ({ who: actor.username, via: actor.via }));
    const res = await route(request("/api/v1/x", { method: "POST", token: secret, origin: "https://evil.example" }), ctx());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ who: user.username, via: "token" });
  });

  it("a revoked token is 401 with the error body, and the handler never runs", async () => {
    const user = await createUser(d);
    const token = await createApiToken(user.id, "old");
    await revokeApiToken(user.id, token.id);
    let ran = false;
    const route = apiRoute({ auth: false }, async () => {
      ran = true;
      return {};
    });
    const res = await route(request("/api/v1/x", { token: token.secret }), ctx());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Invalid or revoked token" } });
    expect(ran).toBe(false);
  });

  it("the real POST /debates/:id/nodes route creates a move with a token, and maps service errors", async () => {
    const fx = await createDebate(d, { visibility: "PRIVATE", members: { breaker: { side: "BREAKER" } } });
    const { secret } = await createApiToken(fx.members.breaker.id, "bot");
    const path = `/api/v1/debates/${fx.id}/nodes`;
    const body = { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", body: "Fails when the input is empty." };

    const res = await postNode(request(path, { method: "POST", token: secret, body }), ctx({ debateId: fx.id }));
    expect(res.status).toBe(201);
    const { node } = (await res.json()) as { node: { id: string; authorId: string; side: string; kind: string } };
    expect(node).toMatchObject({ authorId: fx.members.breaker.id, side: "BREAKER", kind: "COUNTEREXAMPLE" });
    expect(await d.node.count({ where: { id: node.id, debateId: fx.id } })).toBe(1);

    // zod validation → 422 with field errors; nothing written.
    const before = await d.node.count({ where: { debateId: fx.id } });
    const bad = await postNode(request(path, { method: "POST", token: secret, body: { ...body, kind: "PROPOSAL", body: "" } }), ctx({ debateId: fx.id }));
    expect(bad.status).toBe(422);
    const badBody = (await bad.json()) as { error: { code: string; details: { fieldErrors: Record<string, string[]> } } };
    expect(badBody.error.code).toBe("VALIDATION");
    expect(Object.keys(badBody.error.details.fieldErrors).sort()).toEqual(["body", "kind"]);

    // An outsider's token on a private debate → 404, as for an unknown debate.
    const outsider = await createUser(d);
    const outsiderToken = await createApiToken(outsider.id, "probe");
    const hidden = await postNode(request(path, { method: "POST", token: outsiderToken.secret, body }), ctx({ debateId: fx.id }));
    const unknown = await postNode(
      request(`/api/v1/debates/nope/nodes`, { method: "POST", token: outsiderToken.secret, body }),
      ctx({ debateId: "nope" }),
    );
    expect(hidden.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(((await hidden.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    expect(await d.node.count({ where: { debateId: fx.id } })).toBe(before);
  });
});
