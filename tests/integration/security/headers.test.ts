import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createDebate, createUser } from "@/tests/factories";
import { ensureBuild, freePort, type Server } from "@/tests/support/servers";
import { call, serverOnTestDb, signInWithCredentials, type Reply } from "./helpers";

// Security headers on pages and API responses, and next-auth's cookies, against one
// `next start` whose NEXTAUTH_URL is https:// (as in production behind TLS): cookies
// must then be Secure and use the __Secure-/__Host- prefixes. The plain-http case
// (HttpOnly + SameSite=Lax without Secure) is checked in authz-http.test.ts.
// Pages get a CSP with a fresh nonce per request (proxy.ts) that every script in
// the HTML carries; everything else gets next.config.js's CSP, with no nonce and
// no inline script.

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
      check(r.headers.get("permissions-policy")?.includes("camera=()") === true, "Permissions-Policy");
      check(r.headers.get("content-security-policy")?.includes(",") === false, "one CSP header, not two joined");
    }
    expect(failures).toEqual([]);
  });

  it("a router prefetch (RSC payload, skipped by proxy.ts) still carries the headers, with next.config.js's CSP", async () => {
    const headers = { rsc: "1", "next-router-prefetch": "1" };
    // Next.js first redirects to the URL with its cache-busting `_rsc` parameter.
    const redirect = await call(`${server.url}/`, { headers });
    expect(redirect.status).toBe(307);
    const r = await call(new URL(redirect.headers.get("location")!, server.url).href, { headers });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/x-component/);
    expect(csp(r).get("script-src")).toBe("'self'");
    expect(csp(r).get("frame-ancestors")).toBe("'none'");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
  });

  it("API responses are JSON, uncached, and never echo input as HTML", async () => {
    const r = await call(`${server.url}/api/v1/debates/%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(r.headers.get("cache-control")).toContain("no-store");
    // Exports (the SVG too) carry their own sandbox policy, not the site's: nothing inside can run or load.
    for (const format of ["svg", "markdown"]) {
      const r = await call(`${server.url}/api/v1/debates/${debateId}/export?format=${format}`);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; sandbox");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect((await call(`${server.url}/api/v1/debates/${debateId}/export?format=svg`)).headers.get("content-type")).toMatch(/^image\/svg\+xml/);
  });

  it("API responses name their request id (the caller's when it is a safe token); LOG_LEVEL=warn keeps the per-request info lines out of stdout", async () => {
    const kept = await call(`${server.url}/api/v1/debates/${debateId}`, { headers: { "x-request-id": "headers-test-1" } });
    expect(kept.status).toBe(200);
    expect(kept.headers.get("x-request-id")).toBe("headers-test-1");
    const made = await call(`${server.url}/api/v1/debates/nope`, { headers: { "x-request-id": "not a token" } });
    expect(made.status).toBe(404);
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // serverEnv() starts it with LOG_LEVEL=warn: the info line of each request above is not written.
    expect(server.output()).not.toContain('"msg":"request"');
  });
});

/** The nonce in a page's script-src, or undefined. */
function nonceOf(r: Reply): string | undefined {
  return /'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(csp(r).get("script-src") ?? "")?.[1];
}

describe("nonce-based script-src on pages", () => {
  const pages = () => [
    ["home page", "/"],
    ["sign-in page", "/signin"],
    ["sign-up page", "/signup"],
    ["debate page", `/debates/${debateId}`],
    ["404 page", "/no-such-page"],
  ];

  it("script-src is 'self' + a per-request nonce + 'strict-dynamic', never 'unsafe-inline'; every <script> carries the nonce", async () => {
    const failures: string[] = [];
    for (const [what, path] of pages()) {
      const [first, second] = [await call(`${server.url}${path}`), await call(`${server.url}${path}`)];
      const check = (ok: boolean, msg: string) => ok || failures.push(`${what} (${path}, ${first.status}): ${msg}`);
      check(first.headers.get("content-type")?.startsWith("text/html") === true, `content-type ${first.headers.get("content-type")}`);
      const scriptSrc = csp(first).get("script-src") ?? "";
      const nonce = nonceOf(first);
      check(nonce !== undefined, `no nonce in script-src: ${scriptSrc}`);
      if (!nonce) continue;
      check(Buffer.from(nonce, "base64").length >= 16, `nonce ${nonce} is shorter than 128 bits`);
      check(scriptSrc === `'self' 'nonce-${nonce}' 'strict-dynamic'`, `script-src is ${scriptSrc}`);
      check(!scriptSrc.includes("unsafe-inline"), "'unsafe-inline' in script-src");
      check(nonceOf(second) !== undefined && nonceOf(second) !== nonce, `the same nonce twice: ${nonce}`);
      // Every script tag, inline (flight data, bootstrap) or external (chunks), carries this request's nonce.
      const scripts = first.text.match(/<script\b[^>]*>/gi) ?? [];
      check(scripts.some((tag) => !/\bsrc=/.test(tag)), "no inline script in the page (nothing to check)");
      check(scripts.some((tag) => /\bsrc=/.test(tag)), "no external script in the page (nothing to check)");
      for (const tag of scripts) check(tag.includes(` nonce="${nonce}"`), `script without this request's nonce: ${tag.slice(0, 160)}`);
      // The second response's scripts carry the second nonce, not the first.
      check(!second.text.includes(nonce), "the second response contains the first nonce");
    }
    expect(failures).toEqual([]);
  });

  it("API responses and next-auth keep the static policy: no nonce, no inline script", async () => {
    for (const path of ["/api/v1/debates", "/api/auth/csrf", "/api/v1/openapi.json"]) {
      const r = await call(`${server.url}${path}`);
      expect(csp(r).get("script-src"), path).toBe("'self'");
      expect(csp(r).get("style-src"), path).toBe("'self' 'unsafe-inline'");
    }
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

  it("the OpenAPI document names the session cookie the server really sets (issue #18: it said next-auth.session-token)", async () => {
    const { jar } = await signInWithCredentials(server.url, username, PASSWORD);
    const set = jar.raw.map((line) => line.split("=")[0]!).filter((name) => name.endsWith("next-auth.session-token"));
    const doc = await call(`${server.url}/api/v1/openapi.json`);
    const scheme = (doc.json as { components: { securitySchemes: { session: { in: string; name: string } } } }).components.securitySchemes.session;
    expect(scheme.in).toBe("cookie");
    expect(set).toEqual([scheme.name]);
  });
});
