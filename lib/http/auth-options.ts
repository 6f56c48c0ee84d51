import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { env } from "@/lib/server/env";
import { authSecret } from "@/lib/server/auth/secret";
import { authenticate, userForOAuth } from "@/lib/server/users/service";
import { signInSchema } from "@/lib/domain/users/validation";
import { AppError } from "@/lib/domain/errors";
import { clientIp } from "@/lib/http/request";
import { toAppError } from "@/lib/http/errors";
import { authRedirect } from "@/lib/domain/auth/redirect";
import { createSession, endSession, SESSION_MAX_AGE_SECONDS } from "@/lib/server/auth/sessions";
import { log } from "@/lib/server/log";

let cached: Promise<AuthOptions> | undefined;

/** Set by the next-auth route around each request: authorize() records a rate-limit refusal here. */
export const signInAttempt = new AsyncLocalStorage<{ retryAfterSeconds?: number }>();

/** next-auth options; async because the secret may live in the database. */
export function authOptions(): Promise<AuthOptions> {
  cached ??= buildAuthOptions().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function buildAuthOptions(): Promise<AuthOptions> {
  const e = env();
  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      name: "Username or email",
      credentials: {
        login: { label: "Username or email", type: "text" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "Enter your username or email and your password");
        const headers = new Headers(req.headers as Record<string, string>);
        try {
          const user = await authenticate(parsed.data.login, parsed.data.password, clientIp(headers));
          return { id: user.id, name: user.displayName };
        } catch (error) {
          // next-auth puts a thrown message into the redirect URL and shows it: only our own
          // safe messages. Anything else (a database error) is logged and masked, as in the API.
          const appError = error instanceof AppError ? error : toAppError(error);
          const retry = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
          const attempt = signInAttempt.getStore();
          if (appError.code === "RATE_LIMITED" && retry && attempt) attempt.retryAfterSeconds = retry;
          if (appError.code === "INTERNAL" || appError.code === "UNAVAILABLE") log().error({ code: appError.code, err: error }, "[auth] sign-in failed");
          throw new Error(appError.message);
        }
      },
    }),
  ];
  if (e.GITHUB_ID && e.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }));
  }
  if (e.GOOGLE_ID && e.GOOGLE_SECRET) {
    providers.push(GoogleProvider({ clientId: e.GOOGLE_ID, clientSecret: e.GOOGLE_SECRET }));
  }
  return {
    secret: await authSecret(),
    logger: {
      // Without NEXTAUTH_URL next-auth builds its URLs on http://localhost:3000, not on
      // the request's host; the auth route puts the request's origin back into its
      // redirects (lib/server/auth/origin.ts), so a local install works on any port and
      // address and the warning is noise. OAuth providers still need NEXTAUTH_URL
      // for the callback URL they were registered with.
      warn: (code) => {
        if (code !== "NEXTAUTH_URL") log().warn({ code }, "[next-auth] warning");
      },
      error: (code, metadata) => log().error({ code, metadata }, "[next-auth] error"),
    },
    // The JWT names a UserSession row that every request checks (lib/server/auth/sessions.ts).
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    providers,
    callbacks: {
      // Every callbackUrl next-auth redirects to: a path on this app, or the home page.
      async redirect(params) {
        return authRedirect(params);
      },
      async signIn({ user, account, profile }) {
        if (!account || account.provider === "credentials") return true;
        const local = await userForOAuth({
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: user.email,
          name: user.name,
          login: (profile as { login?: string } | undefined)?.login ?? null,
        });
        user.id = local.id;
        return true;
      },
      async jwt({ token, user }) {
        // `user` is set only at sign-in: open the server-side session the cookie will name.
        if (user) {
          token.uid = user.id;
          token.sid = await createSession(user.id, await requestUserAgent());
        }
        return token;
      },
      async session({ session, token }) {
        return {
          ...session,
          userId: typeof token.uid === "string" ? token.uid : undefined,
          sessionId: typeof token.sid === "string" ? token.sid : undefined,
        };
      },
    },
    events: {
      // Signing out ends the session row too, so a copy of the cookie stops working.
      async signOut({ token }) {
        if (typeof token?.uid === "string" && typeof token.sid === "string") await endSession(token.uid, token.sid);
      },
    },
  };
}

export function oauthProvidersEnabled(): { id: string; name: string }[] {
  const e = env();
  return [
    ...(e.GITHUB_ID ? [{ id: "github", name: "GitHub" }] : []),
    ...(e.GOOGLE_ID ? [{ id: "google", name: "Google" }] : []),
  ];
}

/** The signing-in browser's User-Agent, for the settings page's session list. */
async function requestUserAgent(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return (await headers()).get("user-agent");
  } catch {
    return null; // outside a request (a test calling the callback directly)
  }
}
