import { describe, expect, it } from "vitest";
import { GET as page } from "@/app/docs/api/route";
import { GET as bundle } from "@/app/docs/api/scalar.js/route";

// The API reference page (/docs/api) and Scalar's bundle as the app serves them. The browser
// side (rendering, no CSP violation, no request leaving the server) is tests/e2e/api-reference.spec.ts.

describe("/docs/api", () => {
  it("every script carries the request's nonce, and the page names no other origin", async () => {
    const res = await page(new Request("http://app.example/docs/api", { headers: { "x-nonce": "bm9uY2Ux" } }));
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(3);
    for (const attributes of scripts) expect(attributes).toContain('nonce="bm9uY2Ux"');
    expect(html).toContain('"url":"/api/v1/openapi.json"');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("a nonce header that is not base64 cannot break out of the attribute", async () => {
    const res = await page(new Request("http://app.example/docs/api", { headers: { "x-nonce": 'a"><script>alert(1)</script>' } }));
    const html = await res.text();
    expect(html).not.toContain("alert(1)");
  });
});

describe("/docs/api/scalar.js", () => {
  it("is Scalar's bundle without its web fonts (a CDN), cacheable for long", async () => {
    const res = await bundle();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("cache-control")).toContain("immutable");
    const text = await res.text();
    expect(text).toContain("createApiReference");
    expect(text).not.toContain("fonts.scalar.com");
  });
});
