// lib/server/auth/origin.ts: without NEXTAUTH_URL next-auth v4 redirects to http://localhost:3000
// (issue #18: sign-out on another port left the site). The auth route re-bases its
// redirects on the origin the browser used, read as the CSRF check reads it.
import { describe, expect, it } from "vitest";
import { NEXT_AUTH_FALLBACK_ORIGIN, rebaseFallbackOrigin, requestOrigin } from "@/lib/server/auth/origin";

const headers = (h: Record<string, string>) => new Headers(h);

describe("requestOrigin", () => {
  it.each([
    [{ host: "127.0.0.1:3121" }, "http://127.0.0.1:3121"],
    [{ host: "localhost:8080" }, "http://localhost:8080"],
    [{ host: "192.168.1.20:3000" }, "http://192.168.1.20:3000"],
    [{ host: "[::1]:3121" }, "http://[::1]:3121"],
    [{ host: "debates.lan" }, "http://debates.lan"],
  ])("%j → %s", (h, origin) => {
    expect(requestOrigin(headers(h), false)).toBe(origin);
  });

  it("ignores X-Forwarded-Host/-Proto unless a proxy is trusted", () => {
    const h = headers({ host: "127.0.0.1:3121", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(requestOrigin(h, false)).toBe("http://127.0.0.1:3121");
    expect(requestOrigin(h, true)).toBe("https://evil.example");
    expect(requestOrigin(headers({ host: "a:1", "x-forwarded-host": "b.example, c", "x-forwarded-proto": "http" }), true)).toBe("http://b.example");
  });

  it.each(["", "evil.example/path", "evil.example@127.0.0.1", "a b", "evil.example\\x", "host:port", "x:99999999"])("refuses the Host %j", (host) => {
    expect(requestOrigin(headers(host ? { host } : {}), false)).toBeNull();
  });
});

describe("rebaseFallbackOrigin", () => {
  const origin = "http://127.0.0.1:3121";
  it.each([
    [`${NEXT_AUTH_FALLBACK_ORIGIN}/`, `${origin}/`],
    [NEXT_AUTH_FALLBACK_ORIGIN, origin],
    [`${NEXT_AUTH_FALLBACK_ORIGIN}/api/auth/error?error=CredentialsSignin`, `${origin}/api/auth/error?error=CredentialsSignin`],
    [`${NEXT_AUTH_FALLBACK_ORIGIN}?x=1`, `${origin}?x=1`],
    // Only next-auth's fallback origin, never a look-alike or another site.
    ["http://localhost:30000/", "http://localhost:30000/"],
    ["http://localhost:3000.evil.example/", "http://localhost:3000.evil.example/"],
    ["https://github.com/login/oauth/authorize?redirect_uri=http://localhost:3000/x", "https://github.com/login/oauth/authorize?redirect_uri=http://localhost:3000/x"],
    ["/signin?callbackUrl=%2F", "/signin?callbackUrl=%2F"],
  ])("%s → %s", (url, expected) => {
    expect(rebaseFallbackOrigin(url, origin)).toBe(expected);
  });
});
