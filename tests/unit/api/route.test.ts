// lib/http/route.ts apiRoute with real Request objects and a handler (no server,
// no database). Only next-auth's getServerSession (a third-party boundary that
// needs a Next request scope) is replaced: "no session cookie". Bearer tokens
// against the real database are in tests/integration/auth/bearer.test.ts.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/domain/errors";
import { expectConsoleError, loggedErrors } from "@/tests/setup/console";

vi.hoisted(() => {
  // authOptions() needs a secret; with one set it never touches the database.
  process.env.NEXTAUTH_SECRET = "unit-test-secret-that-is-long-enough-000";
});
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => null),
}));

const { apiRoute, JsonText } = await import("@/lib/http/route");
const { defineContract } = await import("@/lib/contracts/define");
type Contract = import("@/lib/contracts/define").Contract;

/** A contract for a test route at /x; any JSON answer goes unless a response schema is given. */
const base = { operationId: "test", method: "POST", path: "/x", summary: "test", tag: "debates", auth: "none", status: 200, response: z.unknown(), errors: [] } as const;
function contract<const C extends Partial<Contract>>(c: C): Omit<typeof base, keyof C> & C {
  return defineContract({ ...base, ...c } as Contract) as Omit<typeof base, keyof C> & C;
}

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

function request(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Request(`http://app.example${path}`, {
    method: init.method ?? "GET",
    headers: { host: "app.example", ...init.headers },
    body: init.body,
  });
}
const jsonPost = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  request(path, { method: "POST", headers: { "content-type": "application/json", origin: "http://app.example", ...headers }, body: JSON.stringify(body) });

async function call(route: ReturnType<typeof apiRoute>, req: Request, params: Record<string, string> = {}) {
  const res = await route(req, ctx(params));
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const echo = apiRoute(
  contract({
    auth: "optional",
    params: z.object({ debateId: z.string().regex(/^[a-z0-9]+$/) }),
    query: z.object({ limit: z.coerce.number().int().max(10).default(5) }),
    body: z.object({ title: z.string().min(1, "Give it a title") }),
  }),
  { maxBodyBytes: 256 },
  async ({ actor, params, query, body, ip }) => ({ actor, params, query, body, ip }),
);

describe("apiRoute", () => {
  it("parses params, query and body and passes them with the actor and client IP", async () => {
    const r = await call(echo, jsonPost("/api/x?limit=3", { title: "Hi" }, { "x-forwarded-for": "203.0.113.5" }), { debateId: "abc" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ actor: null, params: { debateId: "abc" }, query: { limit: 3 }, body: { title: "Hi" }, ip: "unknown" }); // forwarded headers count only with TRUST_PROXY; no server stamped the socket here
    expect(r.headers.get("cache-control")).toBe("no-store");
  });

  it("auth: true without a session or token → 401 and the handler does not run", async () => {
    const handler = vi.fn(async () => ({}));
    const r = await call(apiRoute(contract({ auth: "required" }), handler), request("/api/x"));
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    ["Bearer", 401],
    ["Bearer not-a-bb-token", 401],
    ["Token abc", 401],
  ])("Authorization %j → %i (never silently anonymous)", async (authorization, status) => {
    const r = await call(apiRoute(contract({}), async () => ({ reached: true })), request("/api/x", { headers: { authorization } }));
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });

  it.each([
    ["foreign Origin", { origin: "https://evil.example" }, 403],
    ["no Origin and no Sec-Fetch-Site", { origin: "" }, 403],
    ["no Origin, Sec-Fetch-Site same-origin", { origin: "", "sec-fetch-site": "same-origin" }, 200],
    ["same Origin", {}, 200],
  ])("a POST carrying a cookie with %s → %i", async (_name, headers, status) => {
    const h: Record<string, string> = { cookie: "theme=dark", ...headers };
    const req = jsonPost("/api/x", { title: "x" }, h);
    if (h.origin === "") req.headers.delete("origin");
    const r = await call(echo, req, { debateId: "abc" });
    expect(r.status).toBe(status);
    if (status === 403) expect(r.body).toMatchObject({ error: { code: "FORBIDDEN" } });
  });

  it("a POST without any cookie has nothing to forge: no Origin needed (scripts signing up)", async () => {
    const req = jsonPost("/api/x", { title: "x" }, {});
    req.headers.delete("origin");
    expect((await call(echo, req, { debateId: "abc" })).status).toBe(200);
  });

  it("GET is not subject to the same-origin check", async () => {
    const r = await call(apiRoute(contract({}), async () => ({ ok: 1 })), request("/api/x", { headers: { origin: "https://evil.example" } }));
    expect(r.status).toBe(200);
  });

  it("body problems map to 415, 400, 413 and 422 with field errors", async () => {
    const wrongType = request("/api/x", { method: "POST", headers: { origin: "http://app.example", "content-type": "text/plain" }, body: "{}" });
    expect((await call(echo, wrongType, { debateId: "abc" })).status).toBe(415);
    const badJson = request("/api/x", { method: "POST", headers: { origin: "http://app.example", "content-type": "application/json" }, body: "{oops" });
    expect((await call(echo, badJson, { debateId: "abc" })).status).toBe(400);
    expect((await call(echo, jsonPost("/api/x", { title: "x".repeat(300) }), { debateId: "abc" })).status).toBe(413);
    const invalid = await call(echo, jsonPost("/api/x", { title: "" }), { debateId: "abc" });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ error: { code: "VALIDATION", details: { fieldErrors: { title: ["Give it a title"] } } } });
  });

  it("bad params or query → 422 before the body is read", async () => {
    expect((await call(echo, jsonPost("/api/x", { title: "ok" }), { debateId: "../etc" })).status).toBe(422);
    const q = await call(echo, jsonPost("/api/x?limit=99", { title: "ok" }), { debateId: "abc" });
    expect(q.status).toBe(422);
    expect(q.body).toMatchObject({ error: { details: { fieldErrors: { limit: [expect.any(String)] } } } });
  });

  it("answers with the contract's status, passes a Response through, sends 204 without a body, serialises bigint", async () => {
    expect((await call(apiRoute(contract({ status: 201 }), async () => ({ id: "n1" })), request("/api/x"))).status).toBe(201);
    const download = await apiRoute(contract({}), async () => new Response("a,b", { status: 200 }))(request("/api/x"), ctx());
    expect(await download.text()).toBe("a,b");
    const done = await apiRoute(contract({ status: 204, response: undefined }), async () => undefined)(request("/api/x"), ctx());
    expect(done.status).toBe(204);
    expect(await done.text()).toBe("");
    expect((await call(apiRoute(contract({}), async () => ({ seq: 12n })), request("/api/x"))).body).toEqual({ seq: 12 });
  });

  // The contract's response schema is checked on the wire form (dates as ISO strings).
  const shaped = contract({ method: "GET", response: z.object({ node: z.object({ id: z.string(), createdAt: z.iso.datetime() }) }) });

  it("sends an answer that matches the contract's response schema", async () => {
    const ok = await call(apiRoute(shaped, async () => ({ node: { id: "n1", createdAt: new Date("2026-01-02T03:04:05Z") } })), request("/api/x"));
    expect(ok).toMatchObject({ status: 200, body: { node: { id: "n1", createdAt: "2026-01-02T03:04:05.000Z" } } });
  });

  it("refuses an answer that does not match the contract's response schema: a logged, masked 500", async () => {
    const consoleError = expectConsoleError();
    // A handler whose shape drifted (renamed field): the type system is bypassed here on purpose.
    const drifted = apiRoute(shaped, (async () => ({ node: { nodeId: "n1", createdAt: "yesterday" } })) as never);
    const r = await call(drifted, request("/api/x"));
    expect(r).toMatchObject({ status: 500, body: { error: { code: "INTERNAL", message: "Something went wrong on our side" } } });
    expect(JSON.stringify(r.body)).not.toContain("nodeId");
    const [line] = loggedErrors(consoleError);
    expect(loggedErrors(consoleError)).toHaveLength(1);
    expect(JSON.stringify(line!.err)).toMatch(/test response does not match its contract.*\\"id\\"/);
    // JSON text built elsewhere (the tree) is checked the same way.
    const text = await call(apiRoute(shaped, async () => new JsonText('{"node":{"id":1}}')), request("/api/x"));
    expect(text.status).toBe(500);
  });

  it("an AppError from the handler keeps its status; an unknown error is a masked 500", async () => {
    const forbidden = await call(apiRoute(contract({}), async () => {
      throw new AppError("FORBIDDEN", "Only the owner may do that", { details: { action: "debate:update-settings" } });
    }), request("/api/x"));
    expect(forbidden).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN", message: "Only the owner may do that", details: { action: "debate:update-settings" } } } });

    const consoleError = expectConsoleError();
    const boom = await call(apiRoute(contract({}), async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'passwordHash')");
    }), request("/api/x"));
    expect(boom).toMatchObject({ status: 500, body: { error: { code: "INTERNAL", message: "Something went wrong on our side" } } });
    expect(JSON.stringify(boom.body)).not.toContain("passwordHash");
    expect(consoleError).toHaveBeenCalledTimes(1);
  });
});
