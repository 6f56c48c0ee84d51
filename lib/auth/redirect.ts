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
