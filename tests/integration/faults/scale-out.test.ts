import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxy, type Proxy } from "@/tests/support/proxy";
import {
  ensureBuild,
  freePort,
  hasPostgresBinaries,
  migratedPostgres,
  request,
  runFaultTests,
  serverEnv,
  startServer,
  type OwnPostgres,
  type Reply,
  type Server,
} from "@/tests/support/servers";

// Two `next start` processes on one PostgreSQL database behind a round-robin
// proxy: a session made by one process is accepted by the other (the auth
// secret is shared through the database), the sign-in rate limit counts across
// both, and moves written through either show up in the overview from either.

let pgServer: OwnPostgres | undefined;
let apps: Server[] = [];
let proxy: Proxy | undefined;

describe.skipIf(!runFaultTests || !hasPostgresBinaries())("several app processes behind a proxy", () => {
  beforeAll(async () => {
    await ensureBuild();
    pgServer = await migratedPostgres();
    const proxyPort = await freePort();
    // Same DATABASE_URL, NEXTAUTH_URL = the public (proxy) URL, no NEXTAUTH_SECRET: the stored one is shared.
    const env = serverEnv({ DATABASE_URL: pgServer.url("bb"), NEXTAUTH_URL: `http://127.0.0.1:${proxyPort}`, RATE_LIMIT_MULTIPLIER: "1" });
    apps = await Promise.all([startServer({ env }), startServer({ env })]);
    proxy = await startProxy(
      apps.map((a) => a.url),
      proxyPort,
    );
  }, 360_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all(apps.map((a) => a.stop()));
    pgServer?.destroy();
  }, 60_000);

  class Browser {
    cookies = new Map<string, string>();
    constructor(private readonly base: string) {}
    async call(path: string, init: { method?: string; json?: unknown; form?: Record<string, string>; backend?: number } = {}): Promise<Reply> {
      const headers: Record<string, string> = { origin: this.base };
      if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      if (init.backend !== undefined) headers["x-test-backend"] = String(init.backend);
      let body: string | undefined;
      if (init.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(init.json);
      } else if (init.form) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(init.form).toString();
      }
      const r = await request(`${this.base}${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body, timeoutMs: 15_000 });
      for (const c of r.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const eq = pair!.indexOf("=");
        const name = pair!.slice(0, eq).trim();
        const value = pair!.slice(eq + 1).trim();
        if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === "") this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
      return r;
    }
    /** next-auth credentials flow: csrf token (+ cookie) from one process, the sign-in POST on the other. */
    async signIn(login: string, password: string, csrfBackend: number, postBackend: number): Promise<Reply> {
      const csrf = await this.call("/api/auth/csrf", { backend: csrfBackend });
      expect(csrf.status).toBe(200);
      const csrfToken = (csrf.json as { csrfToken: string }).csrfToken;
      return this.call("/api/auth/callback/credentials", {
        backend: postBackend,
        form: { csrfToken, login, password, json: "true", callbackUrl: `${this.base}/` },
      });
    }
  }

  const signUp = async (b: Browser, username: string, backend: number) => {
    const r = await b.call("/api/v1/auth/signup", { backend, json: { username, password: "correct horse battery staple 9" } });
    expect(r.status, r.text).toBe(201);
  };

  it("shares sessions, rate limits and writes between two processes", async () => {
    const base = proxy!.url;
    const owner = new Browser(base);
    const breaker = new Browser(base);
    await signUp(owner, "scale_owner", 0);
    await signUp(breaker, "scale_breaker", 1);

    // Session cookie minted by process 1 (csrf from process 0): process 0 and 1 both accept it.
    const signedIn = await owner.signIn("scale_owner", "correct horse battery staple 9", 0, 1);
    expect(signedIn.status, signedIn.text).toBe(200);
    expect([...owner.cookies.keys()].some((k) => k.includes("session-token"))).toBe(true);
    for (const backend of [0, 1]) {
      const me = await owner.call("/api/auth/session", { backend });
      expect((me.json as { userId?: string }).userId, `process ${backend} does not accept the session`).toBeTruthy();
    }
    expect((await breaker.signIn("scale_breaker", "correct horse battery staple 9", 1, 0)).status).toBe(200);

    // Writes alternate between the processes.
    const created = await owner.call("/api/v1/debates", { backend: 0, json: { title: "Scale-out", proposal: "Run two processes." } });
    expect(created.status, created.text).toBe(201);
    const debate = (created.json as { debate: { id: string; rootNodeId: string } }).debate;
    const joined = await breaker.call(`/api/v1/debates/${debate.id}/join`, { backend: 1, json: { side: "BREAKER" } });
    expect(joined.status, joined.text).toBe(201);
    const ce = await breaker.call(`/api/v1/debates/${debate.id}/nodes`, {
      backend: 0,
      json: { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", body: "Fails when the proxy drops sticky sessions" },
    });
    expect(ce.status, ce.text).toBe(201);
    const ceId = (ce.json as { node: { id: string } }).node.id;
    const patch = await owner.call(`/api/v1/debates/${debate.id}/nodes`, {
      backend: 1,
      json: { parentId: ceId, kind: "PATCH", body: "Sessions live in signed cookies", answersNodeIds: [ceId], proposal: "Run two processes, no sticky sessions." },
    });
    expect(patch.status, patch.text).toBe(201);
    const patchId = (patch.json as { node: { id: string } }).node.id;

    for (const backend of [0, 1]) {
      const overview = await owner.call(`/api/v1/debates/${debate.id}/overview`, { backend });
      expect(overview.status).toBe(200);
      expect(overview.text).toContain(ceId);
      expect(overview.text).toContain(patchId);
    }

    // The sign-in limit (10 attempts per account and client address per 15 min; all come from the proxy here) counts across both processes.
    const attacker = new Browser(base);
    const results: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await attacker.signIn("scale_owner", `wrong-password-${i}`, i % 2, (i + 1) % 2);
      results.push(r.status);
      if (i === 10) expect(decodeURIComponent((r.json as { url?: string }).url ?? r.text)).toMatch(/Too many attempts/);
    }
    expect(results.slice(0, 10).every((s) => s === 401)).toBe(true);

    const served = new Set(proxy!.hops.filter((h) => h.method === "POST").map((h) => h.backend));
    expect(served).toEqual(new Set([0, 1]));
  }, 60_000);
});
