// lib/domain/auth/redirect.ts: every place the app sends a browser after signing in, signing up or
// signing out goes through safeCallbackPath (issue #18: `/\evil.example/x` and `/\t/evil.example/x`
// used to leave the site). The hostile table is checked the way a browser reads the result.
import { describe, expect, it } from "vitest";
import { authRedirect, safeCallbackPath, withCallbackUrl } from "@/lib/domain/auth/redirect";

const ORIGIN = "http://127.0.0.1:3121";

/** Where a browser on ORIGIN goes for `location`: the returned path must never leave the origin. */
const landsOn = (location: string) => new URL(location, ORIGIN);

describe("safeCallbackPath refuses every target a browser reads as another site", () => {
  const hostile = [
    // the reported ones, as the page receives them (the query string decoded once)
    "/\\evil.example/x",
    "/\t/evil.example/x",
    // protocol-relative and its spellings
    "//evil.example/x",
    "///evil.example/x",
    "/\\/evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\u0000/evil.example",
    // absolute URLs and schemes
    "https://evil.example/x",
    "http:evil.example",
    "https:/evil.example",
    "//evil.example@127.0.0.1",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    // not a path at all
    "evil.example",
    "",
    "   ",
    "?x=1",
    "#top",
  ];

  it.each(hostile)("%j → the fallback", (raw) => {
    expect(safeCallbackPath(raw)).toBe("/");
    expect(safeCallbackPath(raw, "/debates")).toBe("/debates");
  });

  it("refuses non-strings and absent values", () => {
    for (const raw of [undefined, null, 42 as unknown as string, ["/a"] as unknown as string]) expect(safeCallbackPath(raw)).toBe("/");
  });

  // A server decoding once more could turn these into `//` or `/\`: what comes back must still be one path on our origin.
  it.each(["/%5Cevil.example/x", "/%09/evil.example/x", "/ /evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "/%252F%252Fevil.example", "/%5C%5Cevil.example", "/.//evil.example", "/a/..//evil.example", "/%E2%80%AE/evil"])(
    "%j stays a path on this origin",
    (raw) => {
      const path = safeCallbackPath(raw);
      expect(path.startsWith("/")).toBe(true);
      expect(path.startsWith("//")).toBe(false);
      expect(path).not.toMatch(/[\\\u0000-\u001f]/);
      expect(landsOn(path).origin).toBe(ORIGIN);
    },
  );

  it.each([
    ["/", "/"],
    ["/debates/abc", "/debates/abc"],
    ["/debates/abc?invite=xyz", "/debates/abc?invite=xyz"],
    ["/debates/abc?invite=xyz#node-1", "/debates/abc?invite=xyz#node-1"],
    ["/settings?x=%2F%2Fevil", "/settings?x=%2F%2Fevil"],
    ["/débats/ü", "/d%C3%A9bats/%C3%BC"],
    ["/a/./b/../c", "/a/c"],
  ])("keeps our own path %j as %j", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
    expect(landsOn(safeCallbackPath(raw)).origin).toBe(ORIGIN);
  });

  it("a very long path stays a path on this origin (no exception, no other host)", () => {
    const long = `/debates/${"a".repeat(100_000)}?q=${"%2F".repeat(10_000)}`;
    const path = safeCallbackPath(long);
    expect(landsOn(path).origin).toBe(ORIGIN);
    expect(safeCallbackPath(`/${"\\".repeat(100_000)}evil.example`)).toBe("/");
    expect(safeCallbackPath(`${"/".repeat(100_000)}evil.example`)).toBe("/");
  });
});

describe("authRedirect (next-auth's callbacks.redirect)", () => {
  const baseUrl = "http://localhost:3000";

  it.each([
    ["/debates/abc?invite=xyz", `${baseUrl}/debates/abc?invite=xyz`],
    [`${baseUrl}/settings`, `${baseUrl}/settings`],
    ["/\\evil.example/x", `${baseUrl}/`],
    ["/\t/evil.example/x", `${baseUrl}/`],
    ["//evil.example/x", `${baseUrl}/`],
    ["https://evil.example/x", `${baseUrl}/`],
    ["http://localhost:3001/x", `${baseUrl}/`],
    [`${baseUrl}//evil.example/x`, `${baseUrl}/`],
    ["javascript:alert(1)", `${baseUrl}/`],
    ["not a url", `${baseUrl}/`],
  ])("%j → %j", (url, expected) => {
    expect(authRedirect({ url, baseUrl })).toBe(expected);
    expect(new URL(authRedirect({ url, baseUrl })).origin).toBe(baseUrl);
  });

  it("accepts a base URL with a path (NEXTAUTH_URL may carry one)", () => {
    expect(authRedirect({ url: "/x", baseUrl: "https://example.org" })).toBe("https://example.org/x");
  });
});

describe("withCallbackUrl (the sign-in ⇄ sign-up links)", () => {
  it("carries a safe callbackUrl along, encoded", () => {
    expect(withCallbackUrl("/signup", "/debates/abc?invite=xyz")).toBe("/signup?callbackUrl=%2Fdebates%2Fabc%3Finvite%3Dxyz");
    expect(new URL(withCallbackUrl("/signin", "/debates/abc?invite=xyz"), ORIGIN).searchParams.get("callbackUrl")).toBe("/debates/abc?invite=xyz");
  });

  it("drops the home page and anything hostile", () => {
    expect(withCallbackUrl("/signup", "/")).toBe("/signup");
    expect(withCallbackUrl("/signup", "/\\evil.example/x")).toBe("/signup");
  });
});
