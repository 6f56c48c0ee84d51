import NextAuth from "next-auth";
import { authOptions, signInAttempt } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  // A rate-limited credentials sign-in is a 429 with Retry-After (next-auth alone would
  // answer it like a wrong password). The body stays next-auth's, so the form still shows the message.
  const attempt: { retryAfterSeconds?: number } = {};
  const response = (await signInAttempt.run(attempt, async () =>
    NextAuth(request as never, context as never, await authOptions()),
  )) as Response;
  if (!attempt.retryAfterSeconds) return response;
  const headers = new Headers(response.headers);
  headers.set("retry-after", String(attempt.retryAfterSeconds));
  return new Response(response.body, { status: 429, headers });
}

export { handler as GET, handler as POST };
