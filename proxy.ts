// Per-request CSP nonce for HTML pages (Next.js 16 "proxy", formerly middleware).
// The nonce goes into the response's Content-Security-Policy and into the
// request's, where Next.js reads it while rendering and puts it on every script
// it emits; `x-nonce` carries it to server components that render their own
// scripts (none yet). Pages must render per request for this (the root layout is
// force-dynamic). Responses the matcher skips keep next.config.js's CSP, which
// has no nonce and allows no inline script. See docs/security.md.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Not the API (JSON, exports, next-auth: next.config.js's CSP), built assets, or the icon.
      source: "/((?!api/|_next/static/|_next/image|favicon\\.ico|icon\\.svg).*)",
      // Router prefetches fetch RSC payloads, not HTML: no scripts to nonce.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
