// @ts-check
// Environment is validated in instrumentation.ts (server start) and scripts/start.ts.
import { contentSecurityPolicy, securityHeaders } from "./lib/http/security-headers.js";

// Every response gets the security headers and a CSP without a nonce, so no inline
// script runs in API responses or static files. HTML pages go through proxy.ts,
// which replaces this CSP with one carrying a fresh nonce per request. Exports set
// their own, stricter sandbox policy (a header from here would replace it).
const cspHeader = { key: "Content-Security-Policy", value: contentSecurityPolicy() };
const EXPORT_ROUTE = "api/v1/debates/[^/]+/export";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Separate build folders let e2e runs and benchmarks build side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm run typecheck` (part of `npm test`) type-checks the whole project; the
  // build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Off unless COMPRESS_RESPONSES=true: gzip of an 8 MB tree costs ~100 ms of CPU
  // that a reverse proxy does better (docs/decisions/006). Read at `next start`.
  compress: process.env.COMPRESS_RESPONSES === "true" || process.env.COMPRESS_RESPONSES === "1",
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/schema-engine-wasm"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: `/((?!${EXPORT_ROUTE}).*)`, headers: [cspHeader] },
    ];
  },
};

export default nextConfig;
