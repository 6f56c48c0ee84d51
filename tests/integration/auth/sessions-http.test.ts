// Sessions over real HTTP (one `next start` on this file's database, with mail sent to
// a local SMTP server): a copied session cookie dies when its owner signs out; "sign out
// everywhere", a password change and a password reset end the other sessions; bearer
// tokens outlive all of it; the operator's reset command and the mailed link work once.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createUser, uniqueSuffix } from "@/tests/factories";
import { ensureBuild, ROOT, type Server } from "@/tests/support/servers";
import { startTestSmtp, type TestSmtp } from "@/tests/support/smtp";
import { call, insertToken, Jar, serverOnTestDb, signInWithCredentials } from "@/tests/integration/security/helpers";

const PASSWORD = "Correct horse battery 9!";
const NEW_PASSWORD = "tangerine ferry quietly 7";
let server: Server;
let smtp: TestSmtp;
const users: Record<"signout" | "everywhere" | "change" | "reset" | "mailed", { username: string; token: string }> = {} as never;
let cliOutput = { status: -1 as number | null, stdout: "", stderr: "" };

beforeAll(async () => {
  await ensureBuild();
  smtp = await startTestSmtp();
  for (const key of Object.keys({ signout: 1, everywhere: 1, change: 1, reset: 1, mailed: 1 }) as (keyof typeof users)[]) {
    const username = `${key}_${uniqueSuffix()}`;
    const u = await createUser(db(), { username, email: `${username}@example.org`, password: PASSWORD });
    users[key] = { username, token: (await insertToken(db(), u.id)).secret };
  }
  // The operator's command, on the same database, before the server takes it (PGlite allows one process).
  const { closeDb } = await import("@/lib/server/db/client");
  await closeDb();
  const cli = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/user.ts", "reset-password", users.reset.username, "--base-url=https://debates.example.org/"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { DATA_DIR: process.env.DATA_DIR }) } as unknown as NodeJS.ProcessEnv,
  });
  cliOutput = { status: cli.status, stdout: cli.stdout, stderr: cli.stderr };
  server = await serverOnTestDb({ SMTP_URL: smtp.url, SMTP_FROM: "noreply@test.invalid", RATE_LIMIT_MULTIPLIER: "1" });
}, 420_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
}, 30_000);

const me = (cookie: string) => call(`${server.url}/api/v1/me`, { headers: { cookie } });
const meByToken = (token: string) => call(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });

async function signIn(username: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Jar> {
  const { jar, reply } = await signInWithCredentials(server.url, username, password, headers);
  expect(reply.status, reply.text).toBe(200);
  expect((await me(jar.header())).status).toBe(200);
  return jar;
}

/** A cookie request that mutates: same-origin, as the browser sends it. */
const mutate = (method: string, path: string, cookie: string, body?: unknown) =>
  call(`${server.url}${path}`, {
    method,
    headers: { cookie, origin: server.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("sign-out", () => {
  it("a copy of the session cookie is anonymous after its owner signs out", async () => {
    const jar = await signIn(users.signout.username);
    const copied = jar.header();
    const csrf = await call(`${server.url}/api/auth/csrf`, { headers: { cookie: jar.header() } });
    const { csrfToken } = csrf.json as { csrfToken: string };
    const out = await call(`${server.url}/api/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
      body: new URLSearchParams({ csrfToken, json: "true", callbackUrl: "/" }).toString(),
    });
    expect(out.status).toBe(200);
    const after = await me(copied);
    expect(after.status).toBe(401);
    // Pages treat it as signed out too.
    const settings = await call(`${server.url}/settings`, { headers: { cookie: copied } });
    expect(settings.status).toBe(307);
    expect(settings.headers.get("location")).toContain("/signin");
    expect((await meByToken(users.signout.token)).status).toBe(200);
  });
});

describe("sign out everywhere", () => {
  it("from one browser ends both sessions; the API token stays valid", async () => {
    const a = await signIn(users.everywhere.username, PASSWORD, { "user-agent": "Browser A/1.0" });
    const b = await signIn(users.everywhere.username, PASSWORD, { "user-agent": "Browser B/2.0" });
    const listed = await call(`${server.url}/api/v1/me/sessions`, { headers: { cookie: a.header() } });
    const sessions = (listed.json as { sessions: { current: boolean; userAgent: string }[] }).sessions;
    expect(sessions.map((s) => [s.userAgent, s.current]).sort()).toEqual([["Browser A/1.0", true], ["Browser B/2.0", false]]);
    const r = await mutate("DELETE", "/api/v1/me/sessions", a.header());
    expect(r.status, r.text).toBe(200);
    expect((r.json as { endedSessions: number }).endedSessions).toBeGreaterThanOrEqual(2);
    expect((await me(a.header())).status).toBe(401);
    expect((await me(b.header())).status).toBe(401);
    expect((await meByToken(users.everywhere.token)).status).toBe(200);
    // Signing in again works.
    await signIn(users.everywhere.username);
  });
});

describe("change password", () => {
  it("a wrong current password is 422 with a clear message; a change ends the other session only", async () => {
    const a = await signIn(users.change.username);
    const b = await signIn(users.change.username);
    const wrong = await mutate("POST", "/api/v1/me/password", a.header(), { currentPassword: "not it at all", newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(422);
    expect(wrong.json).toMatchObject({ error: { code: "VALIDATION", details: { fieldErrors: { currentPassword: ["Your current password is not correct"] } } } });
    const weak = await mutate("POST", "/api/v1/me/password", a.header(), { currentPassword: PASSWORD, newPassword: "short" });
    expect(weak.status).toBe(422);
    expect(weak.json).toMatchObject({ error: { details: { fieldErrors: { newPassword: ["Password must be at least 10 characters"] } } } });

    const ok = await mutate("POST", "/api/v1/me/password", a.header(), { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toEqual({ endedSessions: 1 });
    expect((await me(a.header())).status).toBe(200);
    expect((await me(b.header())).status).toBe(401);
    expect((await meByToken(users.change.token)).status).toBe(200);
    const old = await signInWithCredentials(server.url, users.change.username, PASSWORD);
    expect((await me(old.jar.header())).status).toBe(401);
    await signIn(users.change.username, NEW_PASSWORD);
  });
});

describe("password reset", () => {
  it("the operator's link opens a form, works once and ends every session", async () => {
    expect(cliOutput.status, cliOutput.stderr).toBe(0);
    expect(cliOutput.stderr).toContain(users.reset.username);
    const link = cliOutput.stdout.trim();
    expect(link).toMatch(/^https:\/\/debates\.example\.org\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(link).searchParams.get("token")!;
    const session = await signIn(users.reset.username);

    const page = await call(`${server.url}/reset-password?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(users.reset.username);
    expect(page.text).toContain("Set new password");

    const reset = await call(`${server.url}/api/v1/auth/reset-password`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password: NEW_PASSWORD }) });
    expect(reset.status, reset.text).toBe(200);
    expect((await me(session.header())).status).toBe(401);
    expect((await meByToken(users.reset.token)).status).toBe(200);
    await signIn(users.reset.username, NEW_PASSWORD);

    const again = await call(`${server.url}/api/v1/auth/reset-password`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password: "another fine passphrase 8" }) });
    expect(again.status).toBe(422);
    expect((again.json as { error: { message: string } }).error.message).toMatch(/invalid, already used or expired/);
    const usedPage = await call(`${server.url}/reset-password?token=${token}`);
    expect(usedPage.text).toMatch(/invalid, already used or expired/);
  });

  it("forgot password mails a link (same answer for unknown accounts); the link works once", async () => {
    const ask = (login: string) =>
      call(`${server.url}/api/v1/auth/forgot-password`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login }) });
    const known = await ask(`${users.mailed.username}@example.org`);
    const unknown = await ask(`nobody_${uniqueSuffix()}@example.org`);
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual(known.json);

    const mail = await smtp.waitFor((m) => m.to.includes(`${users.mailed.username}@example.org`));
    const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();
    expect(link!.startsWith(server.url)).toBe(true); // NEXTAUTH_URL, never the request's Host
    const token = new URL(link!).searchParams.get("token")!;
    const session = await signIn(users.mailed.username);
    const use = (password: string) =>
      call(`${server.url}/api/v1/auth/reset-password`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password }) });
    expect((await use(NEW_PASSWORD)).status).toBe(200);
    expect((await use("another fine passphrase 8")).status).toBe(422);
    expect((await me(session.header())).status).toBe(401);
    await signIn(users.mailed.username, NEW_PASSWORD);
    expect(smtp.mails.filter((m) => m.to.some((t) => t.startsWith("nobody_")))).toEqual([]);
  });
});
