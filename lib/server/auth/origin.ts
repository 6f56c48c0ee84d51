import "server-only";
import { env } from "@/lib/server/env";

// next-auth v4 builds every URL it sends the browser to from NEXTAUTH_URL, and
// without it from http://localhost:3000 (it reads the request's host only on
// Vercel or with AUTH_TRUST_HOST, and then trusts X-Forwarded-Host from anyone).
// A local install on another port, or opened by 127.0.0.1 or a LAN address, was
// sent to localhost:3000 on sign-out. Without NEXTAUTH_URL we put the origin the
// browser used back into next-auth's redirects, read as assertSameOrigin reads
// it: the Host header, and X-Forwarded-Host/-Proto only behind a trusted proxy.

export const NEXT_AUTH_FALLBACK_ORIGIN = "http://localhost:3000";

// A host[:port] and nothing else (no path, credentials or spaces to smuggle).
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/** The origin the browser addressed, or null when the headers do not name a plain host. */
export function requestOrigin(headers: Headers, trustProxy = env().TRUST_PROXY): string | null {
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || undefined;
  const host = (trustProxy ? first("x-forwarded-host") : undefined) ?? headers.get("host")?.trim();
  if (!host || !HOST.test(host)) return null;
  const proto = trustProxy && first("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

/** `url` with next-auth's fallback origin replaced by `origin`; any other URL unchanged. */
export function rebaseFallbackOrigin(url: string, origin: string): string {
  if (url === NEXT_AUTH_FALLBACK_ORIGIN) return origin;
  return url.startsWith(`${NEXT_AUTH_FALLBACK_ORIGIN}/`) || url.startsWith(`${NEXT_AUTH_FALLBACK_ORIGIN}?`)
    ? `${origin}${url.slice(NEXT_AUTH_FALLBACK_ORIGIN.length)}`
    : url;
}

/** The session cookie's name as next-auth sets it: `__Secure-` prefixed under an https NEXTAUTH_URL. */
export function sessionCookieName(nextAuthUrl: string | undefined = env().NEXTAUTH_URL): string {
  return `${nextAuthUrl?.startsWith("https://") ? "__Secure-" : ""}next-auth.session-token`;
}
