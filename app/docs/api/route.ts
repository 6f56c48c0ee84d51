import { scalarVersion } from "@/app/docs/api/scalar-bundle";

// The API reference: Scalar renders /api/v1/openapi.json. A whole HTML document of its own
// (Scalar lays out the full page), served under the same nonce CSP as every page: proxy.ts
// puts the nonce in x-nonce, and only the two scripts below carry it. Scalar's bundle is
// served from node_modules (app/docs/api/scalar.js, without its web fonts), so the page works
// offline; telemetry, the AI agent and the MCP/SDK buttons are switched off. docs/security.md.
// (Not id="api-reference": the bundle mounts an empty reference on that id by itself.)
// The bundle's zod probes whether it may compile validators with Function(""), which the
// CSP refuses (a reported violation): zod's global config says jitless before it loads.

export const dynamic = "force-dynamic";

const configuration = {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: "never",
  agent: { disabled: true },
  mcp: { disabled: true },
  hideClientButton: true,
  documentDownloadType: "json",
  // Room for the page's own bar; no "Ask AI" and "Generate SDKs" buttons (scalar.com services).
  customCss: "html:root { --scalar-custom-header-height: 41px; } .agent-button-container, .explore-scalar-cta { display: none !important; }",
};

export async function GET(request: Request) {
  const nonce = request.headers.get("x-nonce") ?? "";
  const attr = nonce ? ` nonce="${nonce.replace(/[^A-Za-z0-9+/=]/g, "")}"` : "";
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · Builder/Breaker</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  .api-docs-bar { position: sticky; top: 0; z-index: 100; height: 41px; box-sizing: border-box; display: flex; gap: 16px; align-items: center;
    padding: 0 20px; background: #1d1f23; color: #fff; font-size: 0.95rem; }
  .api-docs-bar a { color: #fff; text-decoration: none; }
  .api-docs-bar a:hover, .api-docs-bar a:focus-visible { text-decoration: underline; }
  .api-docs-bar .brand { font-weight: 700; }
  .api-docs-bar .spacer { flex: 1; }
  .api-docs-bar span { white-space: nowrap; }
  @media (max-width: 480px) { .api-docs-bar .title { display: none; } }
</style>
</head>
<body>
<nav class="api-docs-bar" aria-label="Main">
  <a class="brand" href="/">Builder/Breaker</a>
  <span class="title">API reference</span>
  <span class="spacer"></span>
  <a href="/api/v1/openapi.json">openapi.json</a>
</nav>
<div id="reference"></div>
<script${attr}>globalThis.__zod_globalConfig = { jitless: true };</script>
<script${attr} src="/docs/api/scalar.js?v=${scalarVersion()}"></script>
<script${attr}>Scalar.createApiReference("#reference", ${JSON.stringify(configuration).replace(/</g, "\\u003c")});</script>
</body>
</html>
`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
