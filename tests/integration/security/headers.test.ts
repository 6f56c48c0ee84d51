import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createDebate, createUser } from "@/tests/factories";
import { ensureBuild, freePort, type Server } from "@/tests/support/servers";
import { call, serverOnTestDb, signInWithCredentials, type Reply } from "./helpers";

// Security headers on pages and API responses, and next-auth's cookies, against one
// `next start` whose NEXTAUTH_URL is https:// (as in production behind TLS): cookies
// must then be Secure and use the __Secure-/__Host- prefixes. The plain-http case
// (HttpOnly + SameSite=Lax without Secure) is checked in authz-http.test.ts.

const PASSWORD = "Correct horse battery 9!";
let server: Server;
let username = "";
let debateId = "";

beforeAll(async () => {
  await ensureBuild();
  const u = await createUser(db(), { password: PASSWORD });
  username = u.username;
  debateId = (await createDebate(db(), { owner: u })).id;
  const port = await freePort();
  server = await serverOnTestDb({ NEXTAUTH_URL: `https://127.0.0.1:${port}` }, port);
}, 420_000);

afterAll(async () => {
  await server?.stop();
}, 30_000);

function csp(r: Reply): Map<string, string> {
  const header = r.headers.get("content-security-policy") ?? "";
  return new Map(
    header
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.slice(d.indexOf(" ") + 1)] as [string, string]),
  );
}

describe("security headers", () => {
  const paths = () => [
    ["home page", "/"],
    ["sign-in page", "/signin"],
    ["debate page", `/debates/${debateId}`],
    ["404 page", "/no-such-page"],
    ["API JSON", "/api/v1/debates"],
    ["API error", "/api/v1/debates/no-such-debate"],
    ["API 401", "/api/v1/me"],
    ["Markdown export", `/api/v1/debates/${debateId}/export?format=markdown`],
    ["SVG export", `/api/v1/debates/${debateId}/export?format=svg`],
    ["next-auth", "/api/auth/csrf"],
  ];

  it("every page and API response carries CSP (frame-ancestors 'none'), nosniff, Referrer-Policy", async () => {
    const failures: string[] = [];
    for (const [what, path] of paths()) {
      const r = await call(`${server.url}${path}`);
      const policy = csp(r);
      const check = (ok: boolean, msg: string) => ok || failures.push(`${what} (${path}, ${r.status}): ${msg}`);
      check(policy.get("frame-ancestors") === "'none'", `frame-ancestors is ${policy.get("frame-ancestors")}`);
      check(policy.get("object-src") === "'none'", "object-src 'none'");
      check(policy.get("base-uri") === "'self'", "base-uri 'self'");
      check(!(policy.get("script-src") ?? "").includes("unsafe-eval"), "no unsafe-eval in production");
      check(!/\*|https?:|data:/.test(policy.get("script-src") ?? "x"), `script-src is ${policy.get("script-src")}`);
      check(r.headers.get("x-content-type-options") === "nosniff", "nosniff");
      check(Boolean(r.headers.get("referrer-policy")) && r.headers.get("referrer-policy") !== "unsafe-url", "Referrer-Policy");
      check(r.headers.get("x-frame-options") === "DENY", "X-Frame-Options DENY");
      check(r.headers.get("x-powered-by") === null, "no X-Powered-By");
    }
    expect(failures).toEqual([]);
  });

  it("API responses are JSON, uncached, and never echo input as HTML", async () => {
    const r = await call(`${server.url}/api/v1/debates/%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(r.headers.get("cache-control")).toContain("no-store");
    // The SVG export is served as an attachment-safe image type with the same CSP (scripts inside cannot run).
    const svg = await call(`${server.url}/api/v1/debates/${debateId}/export?format=svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(csp(svg).get("default-src")).toBe("'self'");
  });
});

describe("next-auth cookies with an https NEXTAUTH_URL", () => {
  it("csrf and session cookies are Secure, HttpOnly, SameSite=Lax and prefixed", async () => {
    const { jar, reply } = await signInWithCredentials(server.url, username, PASSWORD);
    expect(reply.status, reply.text).toBe(200);
    const byName = new Map(jar.raw.map((line) => [line.split("=")[0]!, line] as [string, string]));
    const session = byName.get("__Secure-next-auth.session-token");
    const csrf = byName.get("__Host-next-auth.csrf-token");
    expect(session, `cookies: ${[...byName.keys()].join(", ")}`).toBeDefined();
    expect(csrf).toBeDefined();
    for (const line of [session!, csrf!]) {
      expect(line).toMatch(/;\s*HttpOnly/i);
      expect(line).toMatch(/;\s*SameSite=Lax/i);
      expect(line).toMatch(/;\s*Secure/i);
      expect(line).toMatch(/;\s*Path=\//i);
    }
    expect(csrf).not.toMatch(/;\s*Domain=/i);
    // The session works with the prefixed cookie.
    const me = await call(`${server.url}/api/v1/me`, { headers: { cookie: jar.header() } });
    expect(me.status, me.text).toBe(200);
  });
});
