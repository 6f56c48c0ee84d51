// Where the browser may be sent after signing in, signing up or signing out:
// only a path on this app. Resolved with the URL parser against a placeholder
// origin, so every trick a browser would read as another host (`//x`, `/\x`,
// `/\tx`, `https:x`, encoded slashes the browser decodes) ends up off-origin
// and is refused.
const PLACEHOLDER_ORIGIN = "http://app.invalid";

/** A same-origin path (with query and hash) for `raw`, or `fallback` when `raw` points anywhere else. */
export function safeCallbackPath(raw: string | null | undefined, fallback = "/"): string {
  if (typeof raw !== "string" || raw === "" || !raw.startsWith("/")) return fallback;
  // Control characters and backslashes are never part of a path we produce.
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `//host` after normalisation (e.g. from `/%2F/host` decoded by a server) is protocol-relative.
  if (path.startsWith("//")) return fallback;
  return path;
}

/**
 * next-auth's `callbacks.redirect`: the same rule for every URL next-auth is asked to send the
 * browser to (the `callbackUrl` of sign-in, OAuth and sign-out). An absolute URL counts only on
 * next-auth's own origin; anything else lands on the home page.
 */
export function authRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const origin = new URL(baseUrl).origin;
  let path = url;
  if (!url.startsWith("/")) {
    try {
      const parsed = new URL(url);
      path = parsed.origin === origin ? `${parsed.pathname}${parsed.search}${parsed.hash}` : "/";
    } catch {
      path = "/";
    }
  }
  return `${origin}${safeCallbackPath(path)}`;
}

/** `path` carrying a (safe) `callbackUrl` along, e.g. the sign-in page's link to sign-up. */
export function withCallbackUrl(path: string, callbackUrl: string): string {
  const safe = safeCallbackPath(callbackUrl);
  return safe === "/" ? path : `${path}?${new URLSearchParams({ callbackUrl: safe })}`;
}
