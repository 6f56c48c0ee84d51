// Helpers for the security tests: seed through the factories in this process,
// release the embedded database, then run ONE production server (`next start`)
// on the same data (tests/support/servers.ts) and talk to it over real HTTP.
import { createHash, randomBytes } from "node:crypto";
import { closeDb } from "@/lib/server/db/client";
import type { Db } from "@/lib/server/db/client";
import { request, serverEnv, startServer, type Reply, type Server, type ServerOptions } from "@/tests/support/servers";

export type { Reply };

/** A bounded HTTP call (15 s unless told). `stream: true` reads only the status and headers (SSE). */
export const call = (url: string, init: Parameters<typeof request>[1] = {}): Promise<Reply> => request(url, { timeoutMs: 15_000, ...init });

/** A personal access token row (sha256 hex of `bb_<random>` stored), as createApiToken writes it. */
export async function insertToken(db: Db, userId: string, name = "security"): Promise<{ id: string; secret: string }> {
  const secret = `bb_${randomBytes(32).toString("base64url")}`;
  const row = await db.apiToken.create({
    data: { userId, name, tokenHash: createHash("sha256").update(secret, "utf8").digest("hex"), prefix: secret.slice(0, 10) },
    select: { id: true },
  });
  return { id: row.id, secret };
}

/**
 * Closes this process's database client (PGlite allows one process), then starts
 * `next start` on the per-file database the test setup created.
 */
export async function serverOnTestDb(
  extra: Record<string, string | undefined> = {},
  port?: number,
  options: Pick<ServerOptions, "nextAuthUrl"> = {},
): Promise<Server> {
  await closeDb();
  const dbEnv = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { DATA_DIR: process.env.DATA_DIR };
  return startServer({ env: serverEnv({ ...dbEnv, ...extra }), port, readyTimeoutMs: 60_000, ...options });
}

/** A cookie jar good enough for next-auth on one host. */
export class Jar {
  private cookies = new Map<string, string>();
  readonly raw: string[] = [];
  store(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      this.raw.push(line);
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /max-age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Signs in through next-auth's credentials flow (csrf cookie + token, then the callback). */
export async function signInWithCredentials(
  base: string,
  login: string,
  password: string,
  extraHeaders: Record<string, string> = {},
  from?: { localAddress: string },
): Promise<{ jar: Jar; reply: Reply }> {
  const jar = new Jar();
  const csrf = await call(`${base}/api/auth/csrf`, { headers: extraHeaders, ...from });
  jar.store(csrf.headers);
  const { csrfToken } = csrf.json as { csrfToken: string };
  const reply = await call(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), ...extraHeaders },
    body: new URLSearchParams({ csrfToken, login, password, json: "true", callbackUrl: "/" }).toString(),
    ...from,
  });
  jar.store(reply.headers);
  return { jar, reply };
}
