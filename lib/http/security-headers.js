// @ts-check
// Security headers, shared by next.config.js (every response) and proxy.ts (HTML
// pages, with a per-request nonce). Plain JavaScript because next.config.js loads
// it without a TypeScript step. docs/security.md explains each choice.

const dev = process.env.NODE_ENV === "development";

/**
 * The Content-Security-Policy value.
 *
 * With a nonce (pages, per request, set by proxy.ts): a script runs only if it
 * carries the nonce or was loaded by one that does ('strict-dynamic'); Next.js
 * puts the nonce on its own scripts when it renders the page. Without a nonce
 * (API responses, exports, static files): no inline script runs at all.
 * Development adds 'unsafe-eval' (React rebuilds server error stacks with eval).
 *
 * @param {string} [nonce] base64, fresh for every request
 * @returns {string}
 */
export function contentSecurityPolicy(nonce) {
  const scripts = nonce ? ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"] : ["'self'"];
  if (dev) scripts.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    // React renders style attributes (tree row offsets, widths), which a nonce cannot cover.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    // The argument map's layout worker (app/debates/[debateId]/map/map-positions.ts), a
    // same-origin script (Turbopack's worker entry under /_next/static, no blob: URL).
    // Without it, 'strict-dynamic' refuses the worker and the map lays out on the main thread.
    "worker-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sent on every response (next.config.js `headers()`), next to a Content-Security-Policy. */
export const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];
