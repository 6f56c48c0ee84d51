import NextAuth from "next-auth";
import { env } from "@/lib/server/env";
import { authOptions, signInAttempt } from "@/lib/http/auth-options";
import { rebaseFallbackOrigin, requestOrigin } from "@/lib/server/auth/origin";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  const { nextauth = [] } = await context.params;
  // Credentials are only ever POSTed; next-auth answers a GET here with a 500. Send a
  // visitor who lands on it (a bookmark, the back button) to the sign-in form instead.
  if (request.method === "GET" && nextauth[0] === "callback" && nextauth[1] === "credentials") {
    return new Response(null, { status: 303, headers: { location: "/signin", "cache-control": "no-store" } });
  }
  // A rate-limited credentials sign-in is a 429 with Retry-After (next-auth alone would
  // answer it like a wrong password). The body stays next-auth's, so the form still shows the message.
  const attempt: { retryAfterSeconds?: number } = {};
  let response = (await signInAttempt.run(attempt, async () =>
    NextAuth(request as never, context as never, await authOptions()),
  )) as Response;
  if (!env().NEXTAUTH_URL) response = await onRequestOrigin(response, requestOrigin(request.headers));
  if (!attempt.retryAfterSeconds) return response;
  const headers = new Headers(response.headers);
  headers.set("retry-after", String(attempt.retryAfterSeconds));
  return new Response(response.body, { status: 429, headers });
}

/** next-auth's redirect (Location, or `{ url }` for its `json: "true"` POSTs) on the origin the browser used (lib/server/auth/origin.ts). */
async function onRequestOrigin(response: Response, origin: string | null): Promise<Response> {
  if (!origin) return response;
  const headers = new Headers(response.headers);
  const location = headers.get("location");
  if (location) {
    headers.set("location", rebaseFallbackOrigin(location, origin));
    return new Response(response.body, { status: response.status, headers });
  }
  if (!/^application\/json/i.test(headers.get("content-type") ?? "")) return response;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const url = (body as { url?: unknown } | undefined)?.url;
  headers.delete("content-length");
  if (typeof url !== "string") return new Response(text, { status: response.status, headers });
  return new Response(JSON.stringify({ ...(body as object), url: rebaseFallbackOrigin(url, origin) }), { status: response.status, headers });
}

export { handler as GET, handler as POST };
