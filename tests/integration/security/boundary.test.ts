import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createDebate, createUser } from "@/tests/factories";
import { ensureBuild, type Server } from "@/tests/support/servers";
import { call, insertToken, Jar, serverOnTestDb, signInWithCredentials, type Reply } from "./helpers";

// The text boundary and next-auth's redirects over real HTTP, against one `next start`
// WITHOUT NEXTAUTH_URL on a port that is not 3000 (a local install; next-auth alone
// would build its redirects on http://localhost:3000). Issue #18:
//  - a NUL (or another character PostgreSQL or a reader cannot take) in any text field
//    gave a 500; now a 422 naming the field, from the one rule in lib/domain/text.ts;
//  - sign-in with a NUL login put Prisma's error text into the redirect URL;
//  - sign-out (and every next-auth redirect) left for http://localhost:3000;
//  - GET /api/auth/callback/credentials answered 500.

const PASSWORD = "Correct horse battery 9!";
const NUL = "before\u0000after";
const INTERNAL_TEXT = /prisma|invocation|invalid byte|0x00|sequence|database|stack|\bat \w+ \(/i;
let server: Server;
let user: { id: string; username: string; token: string };
let debate: { id: string; rootNodeId: string };
let nodeId = "";

beforeAll(async () => {
  await ensureBuild();
  const u = await createUser(db(), { password: PASSWORD });
  user = { id: u.id, username: u.username, token: (await insertToken(db(), u.id)).secret };
  const d = await createDebate(db(), { owner: u, visibility: "PUBLIC" });
  debate = { id: d.id, rootNodeId: d.rootNodeId };
  nodeId = (
    await db().node.create({
      data: { debateId: d.id, parentId: d.rootNodeId, depth: 1, kind: "COMMENT", side: "BUILDER", authorId: u.id, title: "", body: "A comment" },
      select: { id: true },
    })
  ).id;
  server = await serverOnTestDb({}, undefined, { nextAuthUrl: false });
  expect(server.port).not.toBe(3000);
}, 420_000);

afterAll(async () => {
  await server?.stop();
}, 30_000);

const send = (method: string, path: string, body?: unknown) =>
  call(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${user.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

function expectFieldError(r: Reply, field: string) {
  expect(r.status, r.text).toBe(422);
  const error = (r.json as { error: { code: string; details?: { fieldErrors?: Record<string, string[]> } } }).error;
  expect(error.code).toBe("VALIDATION");
  expect(error.details?.fieldErrors?.[field]?.join(" ")).toMatch(/Contains (a control character|an unpaired surrogate|a Unicode noncharacter|a text-direction control)/);
  expect(r.text).not.toMatch(INTERNAL_TEXT);
}

describe("text with a NUL (or another refused character) is a 422 naming the field, never a 500", () => {
  const cases: [string, () => Promise<Reply>, string][] = [
    ["node title", () => send("POST", `/api/v1/debates/${debate.id}/nodes`, { parentId: debate.rootNodeId, kind: "COMMENT", title: NUL, body: "ok" }), "title"],
    ["node body", () => send("POST", `/api/v1/debates/${debate.id}/nodes`, { parentId: debate.rootNodeId, kind: "COMMENT", body: NUL }), "body"],
    ["edited node body", () => send("PATCH", `/api/v1/debates/${debate.id}/nodes/${nodeId}`, { body: NUL, revision: 1 }), "body"],
    ["debate title", () => send("POST", "/api/v1/debates", { title: NUL, proposal: "A plan" }), "title"],
    ["debate title (edit)", () => send("PATCH", `/api/v1/debates/${debate.id}`, { title: NUL }), "title"],
    ["debate proposal, lone surrogate", () => send("POST", "/api/v1/debates", { title: "A title", proposal: "half an emoji \ud83d" }), "proposal"],
    ["token name", () => send("POST", "/api/v1/me/tokens", { name: NUL }), "name"],
    ["debate list search", () => send("GET", `/api/v1/debates?q=${encodeURIComponent(NUL)}`), "q"],
    ["in-debate search", () => send("GET", `/api/v1/debates/${debate.id}/search?q=${encodeURIComponent(NUL)}`), "q"],
    ["invite username", () => send("POST", `/api/v1/debates/${debate.id}/members`, { username: NUL }), "username"],
    ["display name, U+FFFF", () => send("PATCH", "/api/v1/me", { displayName: "Name\uffff" }), "displayName"],
    ["display name, right-to-left override", () => send("PATCH", "/api/v1/me", { displayName: "\u202egnp.exe" }), "displayName"],
    [
      "sign-up display name",
      () =>
        call(`${server.url}/api/v1/auth/signup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: `nul_${Date.now().toString(36)}`, password: PASSWORD, displayName: NUL }),
        }),
      "displayName",
    ],
  ];

  it.each(cases)("%s", async (_label, request, field) => {
    expectFieldError(await request(), field);
  });

  it("wrote nothing and the server still answers", async () => {
    const r = await send("GET", `/api/v1/debates/${debate.id}/search?q=before`);
    expect(r.status).toBe(200);
    expect((r.json as { results: unknown[] }).results).toEqual([]);
    const me = await send("GET", "/api/v1/me");
    expect((me.json as { user: { displayName: string } }).user.displayName).toBe(`User ${user.username}`);
  });

  it("the home page's search with a NUL shows a message, not an error page", async () => {
    const r = await call(`${server.url}/?q=${encodeURIComponent(NUL)}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain("Contains a control character (U+0000) that is not allowed");
  });
});

describe("sign-in never puts internal text in the URL", () => {
  it.each([
    ["a NUL in the login", `${"x".repeat(3)}\u0000admin`],
    // (A lone surrogate cannot travel in a form post: the encoder turns it into U+FFFD.)
    ["a noncharacter in the login", "admin\uffff"],
  ])("%s: a redirect on our origin with our own message", async (_label, login) => {
    for (const json of [true, false]) {
      const jar = new Jar();
      const csrf = await call(`${server.url}/api/auth/csrf`);
      jar.store(csrf.headers);
      const { csrfToken } = csrf.json as { csrfToken: string };
      const r = await call(`${server.url}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
        body: new URLSearchParams({ csrfToken, login, password: PASSWORD, callbackUrl: "/", ...(json ? { json: "true" } : {}) }).toString(),
      });
      expect(r.status, r.text).toBeLessThan(500);
      const target = json ? (r.json as { url: string }).url : r.headers.get("location")!;
      expect(target, `json=${json}`).toBeTruthy();
      const url = new URL(target, server.url);
      expect(url.origin).toBe(server.url);
      expect(decodeURIComponent(target)).not.toMatch(INTERNAL_TEXT);
      expect(url.searchParams.get("error")).toMatch(/^Contains (a control character|a Unicode noncharacter) \(U\+[0-9A-F]{4}\) that is not allowed$/);
      expect(jar.header()).not.toContain("session-token");
    }
  });
});

describe("next-auth's redirects stay on the origin the browser used (no NEXTAUTH_URL, port ≠ 3000)", () => {
  it("sign-in answers with our origin, and a hostile callbackUrl lands on the home page", async () => {
    const { reply } = await signInWithCredentials(server.url, user.username, PASSWORD);
    expect(reply.status, reply.text).toBe(200);
    expect((reply.json as { url: string }).url).toBe(`${server.url}/`);

    for (const callbackUrl of ["/\\evil.example/x", "/\t/evil.example/x", "//evil.example/x", "https://evil.example/x"]) {
      const jar = new Jar();
      const csrf = await call(`${server.url}/api/auth/csrf`);
      jar.store(csrf.headers);
      const r = await call(`${server.url}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
        body: new URLSearchParams({ csrfToken: (csrf.json as { csrfToken: string }).csrfToken, login: user.username, password: PASSWORD, callbackUrl }).toString(),
      });
      expect(r.headers.get("location"), callbackUrl).toBe(`${server.url}/`);
    }
  });

  it("sign-out (JSON and form post) redirects to our origin, not localhost:3000", async () => {
    for (const json of [true, false]) {
      const { jar } = await signInWithCredentials(server.url, user.username, PASSWORD);
      const csrf = await call(`${server.url}/api/auth/csrf`, { headers: { cookie: jar.header() } });
      jar.store(csrf.headers);
      const r = await call(`${server.url}/api/auth/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
        body: new URLSearchParams({ csrfToken: (csrf.json as { csrfToken: string }).csrfToken, callbackUrl: "/", ...(json ? { json: "true" } : {}) }).toString(),
      });
      jar.store(r.headers);
      const target = json ? (r.json as { url: string }).url : r.headers.get("location");
      expect(target, `json=${json}`).toBe(`${server.url}/`);
      expect(jar.header()).not.toContain("session-token");
    }
  });

  it("GET /api/auth/callback/credentials sends the visitor to the sign-in form (it was a 500)", async () => {
    const r = await call(`${server.url}/api/auth/callback/credentials`);
    expect(r.status).toBe(303);
    expect(new URL(r.headers.get("location")!, server.url).href).toBe(`${server.url}/signin`);
    const page = await call(new URL(r.headers.get("location")!, server.url).href);
    expect(page.status).toBe(200);
  });
});
