// @ts-check
// Environment is validated in instrumentation.ts (server start) and scripts/start.ts.
const contentSecurityPolicy = [
  "default-src 'self'",
  // Next.js hydration needs inline scripts; user content is never raw HTML (see lib/markdown).
  "script-src 'self' 'unsafe-inline'" + (process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""),
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

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
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
