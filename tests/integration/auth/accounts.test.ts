// Accounts against the real database: sign-up validation (as the API route
// runs it: zod schema, then the service), sign-in, rate limits, password
// storage, personal access tokens, profile and the generated auth secret.
import { describe, expect, it, vi } from "vitest";
import { appErrorOf } from "@/tests/support/services";
import { hashToken, createApiToken, listApiTokens, revokeApiToken, userIdForToken } from "@/lib/server/auth/tokens";
import { verifyPassword } from "@/lib/server/auth/password";
import { rateRules, SIGN_IN_SLOWDOWN, signInSlowdownMs } from "@/lib/server/auth/rate-limit";
import { toAppError } from "@/lib/http/errors";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { authenticate, getProfile, signUp, updateProfile } from "@/lib/server/users/service";
import { signUpSchema } from "@/lib/domain/users/validation";
import { createUser, uniqueSuffix } from "@/tests/factories";

const d = db();
const PASSWORD = "correct horse battery";

/** What POST /api/v1/auth/signup does with a body: parse with the schema, then call the service. */
async function signUpLikeTheRoute(body: Record<string, unknown>, ip = `10.0.0.${Math.floor(Math.random() * 250)}`) {
  try {
    return { ok: true as const, user: await signUp(signUpSchema.parse(body), ip) };
  } catch (error) {
    const e = toAppError(error);
    return { ok: false as const, code: e.code, fieldErrors: (e.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {} };
  }
}


describe("signUp", () => {
  it("creates an account and never returns the password hash", async () => {
    const username = `Alice_${uniqueSuffix()}`;
    const result = await signUpLikeTheRoute({ username, email: `${username}@Example.COM`, password: PASSWORD, displayName: "Alice A." });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user).toEqual({
      id: expect.any(String),
      username: username.toLowerCase(), // usernames are stored lowercase
      email: `${username}@example.com`.toLowerCase(),
      displayName: "Alice A.",
      createdAt: expect.any(Date),
    });
    expect(result.user).not.toHaveProperty("passwordHash");
  });

  it("rejects a username taken in another case and a taken email, with field errors", async () => {
    const username = `Bob_${uniqueSuffix()}`;
    const email = `${username.toLowerCase()}@example.com`;
    expect((await signUpLikeTheRoute({ username, email, password: PASSWORD })).ok).toBe(true);

    const sameName = await signUpLikeTheRoute({ username: username.toUpperCase(), password: PASSWORD });
    expect(sameName).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { username: [expect.any(String)] } });
    expect(sameName.ok || sameName.fieldErrors.email).toBeFalsy();

    const sameEmail = await signUpLikeTheRoute({ username: `other_${uniqueSuffix()}`, email: email.toUpperCase(), password: PASSWORD });
    expect(sameEmail).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { email: [expect.any(String)] } });

    const both = await signUpLikeTheRoute({ username: username.toLowerCase(), email, password: PASSWORD });
    expect(both).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { username: [expect.any(String)], email: [expect.any(String)] } });
    expect(await d.user.count({ where: { username: { equals: username, mode: "insensitive" } } })).toBe(1);
  });

  it.each([
    ["too short", "short1!"],
    ["repetitive", "aaaabbbbaaaabbbb"],
    ["common", "Password123"],
    // Not in the old 19-word list; zxcvbn's dictionary and patterns catch them.
    ["common with substitutions", "P@ssw0rd2024"],
    ["keyboard walk", "qwertyuiop12"],
    ["common word plus digits", "monkey123456"],
    ["contains the username", "xx-{username}-yy-2024"],
  ])("rejects a weak password (%s) with a password field error", async (_why, template) => {
    const username = `carol_${uniqueSuffix()}`;
    const result = await signUpLikeTheRoute({ username, password: template.replace("{username}", username.toUpperCase()) });
    expect(result).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { password: [expect.any(String)] } });
    expect(await d.user.count({ where: { username } })).toBe(0);
  });

  it("rejects malformed usernames and emails with field errors", async () => {
    const result = await signUpLikeTheRoute({ username: "a b", email: "not-an-email", password: PASSWORD });
    expect(result).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { username: [expect.any(String)], email: [expect.any(String)] } });
  });

  // Known bug (needs a migration): the duplicate check runs before the insert and the
  // unique index on "username" is case-sensitive, so two racing sign-ups that differ
  // only in case both succeed. Fix: a unique index on lower("username"). When that
  // lands this test starts passing: turn it.fails into it.
  it("two racing sign-ups differing only in case: exactly one succeeds", async () => {
    const name = `Race_${uniqueSuffix()}`;
    const results = await Promise.all([
      signUpLikeTheRoute({ username: name, password: PASSWORD }),
      signUpLikeTheRoute({ username: name.toLowerCase(), password: PASSWORD }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await d.user.count({ where: { username: { equals: name, mode: "insensitive" } } })).toBe(1);
  });

  it("limits sign-ups per IP", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
    await d.rateLimitBucket.create({ data: { key: `${rateRules.signUpPerIp.name}:${ip}`, count: rateRules.signUpPerIp.limit, resetAt: new Date(Date.now() + 60_000) } });
    const result = await signUpLikeTheRoute({ username: `dave_${uniqueSuffix()}`, password: PASSWORD }, ip);
    expect(result).toMatchObject({ ok: false, code: "RATE_LIMITED" });
  });
});

describe("authenticate", () => {
  async function account() {
    const username = `erin_${uniqueSuffix()}`;
    const user = await createUser(d, { username, email: `${username}@example.com`, password: PASSWORD });
    return { ...user, email: `${username}@example.com` };
  }
  // A distinct address per call: a random one could repeat and share a per-IP counter.
  let lastIp = 0;
  const ip = () => `198.51.100.${++lastIp}`;

  it("accepts the username in any case or the email, and returns no hash", async () => {
    const user = await account();
    const expected = { id: user.id, username: user.username, displayName: user.displayName };
    expect(await authenticate(user.username.toUpperCase(), PASSWORD, ip())).toEqual(expected);
    expect(await authenticate(` ${user.email.toUpperCase()} `, PASSWORD, ip())).toEqual(expected);
  });

  it("gives the identical error for a wrong password and an unknown user", async () => {
    const user = await account();
    const wrong = await appErrorOf(() => authenticate(user.username, "wrong password!!", ip()));
    const unknown = await appErrorOf(() => authenticate(`nobody_${uniqueSuffix()}`, PASSWORD, ip()));
    const passwordless = await createUser(d);
    const noPassword = await appErrorOf(() => authenticate(passwordless.username, PASSWORD, ip()));
    for (const e of [wrong, unknown, noPassword]) {
      expect({ code: e.code, message: e.message, details: e.details }).toEqual({ code: wrong.code, message: wrong.message, details: undefined });
    }
    expect(wrong.code).toBe("UNAUTHENTICATED");
  });

  it("locks an account from one address after repeated failures (also for the right password), not from another address", async () => {
    const user = await account();
    const limit = Math.ceil(rateRules.signInPerAccountAddress.limit * env().RATE_LIMIT_MULTIPLIER);
    const attacker = ip();
    // Two real failures, then fast-forward the same counter to just under the limit
    // (each real attempt costs an scrypt run), then the last allowed failure.
    for (let i = 0; i < 2; i++) {
      expect((await appErrorOf(() => authenticate(user.username, `wrong-${i}-password`, attacker))).code).toBe("UNAUTHENTICATED");
    }
    const key = `${rateRules.signInPerAccountAddress.name}:user:${user.id}@${attacker}`;
    expect((await d.rateLimitBucket.findUniqueOrThrow({ where: { key } })).count).toBe(2);
    await d.rateLimitBucket.update({ where: { key }, data: { count: limit - 1 } });
    expect((await appErrorOf(() => authenticate(user.email, "wrong-last-password", attacker))).code).toBe("UNAUTHENTICATED");
    const locked = await appErrorOf(() => authenticate(user.username, PASSWORD, attacker));
    expect(locked.code).toBe("RATE_LIMITED");
    expect(locked.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    // The lock is per account, not per login string: the email spelling is locked too.
    expect((await appErrorOf(() => authenticate(user.email, PASSWORD, attacker))).code).toBe("RATE_LIMITED");
    // The owner, from their own address, is not locked out.
    expect(await authenticate(user.username, PASSWORD, ip())).toMatchObject({ id: user.id });
  });

  it("slows, never refuses, an account guessed from many addresses", async () => {
    const user = await account();
    const limit = Math.ceil(rateRules.signInPerAccount.limit * env().RATE_LIMIT_MULTIPLIER);
    const key = `${rateRules.signInPerAccount.name}:user:${user.id}`;
    // As if many addresses had guessed: 4 attempts over the account's limit so far.
    await d.rateLimitBucket.create({ data: { key, count: limit + 4, resetAt: new Date(Date.now() + 60_000) } });
    const started = Date.now();
    expect(await authenticate(user.username, PASSWORD, ip())).toMatchObject({ id: user.id });
    expect(Date.now() - started).toBeGreaterThanOrEqual(signInSlowdownMs(limit + 5) - 20);
    expect(signInSlowdownMs(limit + 5)).toBe(5 * SIGN_IN_SLOWDOWN.stepMs);
    expect(signInSlowdownMs(limit)).toBe(0);
    expect(signInSlowdownMs(limit + 10_000)).toBe(SIGN_IN_SLOWDOWN.maxMs);
  });

  it("a success clears the counter of its account and address only", async () => {
    const user = await account();
    const clientIp = ip();
    const key = `${rateRules.signInPerAccountAddress.name}:user:${user.id}@${clientIp}`;
    for (let i = 0; i < 3; i++) await appErrorOf(() => authenticate(user.username, "wrong password!!", clientIp));
    expect((await d.rateLimitBucket.findUniqueOrThrow({ where: { key } })).count).toBe(3);
    await authenticate(user.username, PASSWORD, clientIp);
    expect(await d.rateLimitBucket.findUnique({ where: { key } })).toBeNull();
    await appErrorOf(() => authenticate(user.username, "wrong password!!", clientIp));
    expect((await d.rateLimitBucket.findUniqueOrThrow({ where: { key } })).count).toBe(1);
    // Neither the per-IP nor the account-wide counter is cleared by a success.
    expect((await d.rateLimitBucket.findUniqueOrThrow({ where: { key: `${rateRules.signInPerIp.name}:${clientIp}` } })).count).toBe(5);
    expect((await d.rateLimitBucket.findUniqueOrThrow({ where: { key: `${rateRules.signInPerAccount.name}:user:${user.id}` } })).count).toBe(5);
  });

  it("limits attempts per IP across accounts", async () => {
    const clientIp = ip();
    await d.rateLimitBucket.create({
      data: { key: `${rateRules.signInPerIp.name}:${clientIp}`, count: rateRules.signInPerIp.limit, resetAt: new Date(Date.now() + 60_000) },
    });
    const user = await account();
    expect((await appErrorOf(() => authenticate(user.username, PASSWORD, clientIp))).code).toBe("RATE_LIMITED");
  });
});

describe("password storage", () => {
  it("stores an scrypt hash with its parameters, verifiable, and default queries omit it", async () => {
    const user = await createUser(d, { password: PASSWORD });
    const [raw] = await d.$queryRaw<{ passwordHash: string }[]>`SELECT "passwordHash" FROM "User" WHERE "id" = ${user.id}`;
    expect(raw!.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(raw!.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, raw!.passwordHash)).toBe(true);
    expect(await verifyPassword("not it at all", raw!.passwordHash)).toBe(false);

    expect(await d.user.findUniqueOrThrow({ where: { id: user.id } })).not.toHaveProperty("passwordHash");
    expect((await d.user.findMany({ where: { id: user.id } }))[0]).not.toHaveProperty("passwordHash");
    expect(await d.user.update({ where: { id: user.id }, data: { displayName: "x" } })).not.toHaveProperty("passwordHash");
    await d.$transaction(async (tx) => {
      expect(await tx.user.findFirstOrThrow({ where: { id: user.id } })).not.toHaveProperty("passwordHash");
    });
    const debate = await d.debate.findMany({ include: { owner: true }, take: 1 });
    if (debate[0]) expect(debate[0].owner).not.toHaveProperty("passwordHash");
    expect(await getProfile(user.id)).not.toHaveProperty("passwordHash");
    // Opting in works.
    expect((await d.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } })).passwordHash).toBe(raw!.passwordHash);
  });

  it("two users with the same password get different hashes (salted)", async () => {
    const a = await createUser(d, { password: PASSWORD });
    const b = await createUser(d, { password: PASSWORD });
    const rows = await d.user.findMany({ where: { id: { in: [a.id, b.id] } }, omit: { passwordHash: false } });
    expect(new Set(rows.map((r) => r.passwordHash)).size).toBe(2);
  });
});

describe("API tokens", () => {
  it("shows the secret once and stores only its SHA-256", async () => {
    const user = await createUser(d);
    const token = await createApiToken(user.id, "ci");
    expect(token.secret).toMatch(/^bb_[A-Za-z0-9_-]{43}$/);
    expect(token.prefix).toBe(token.secret.slice(0, 10));
    const [row] = await d.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "ApiToken" WHERE "id" = ${token.id}`;
    expect(row!.tokenHash).toBe(hashToken(token.secret));
    for (const value of Object.values(row!)) expect(String(value)).not.toContain(token.secret);
    const listed = await listApiTokens(user.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty("secret");
    expect(listed[0]).not.toHaveProperty("tokenHash");
  });

  it("resolves a token to its user and touches lastUsedAt; unknown, malformed and revoked tokens give null", async () => {
    const user = await createUser(d);
    const token = await createApiToken(user.id, "cli");
    expect(token.lastUsedAt).toBeNull();
    expect(await userIdForToken(token.secret)).toBe(user.id);
    expect((await d.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).toBeInstanceOf(Date);
    expect(await userIdForToken(token.secret + "x")).toBeNull();
    expect(await userIdForToken(token.secret.slice(3))).toBeNull();
    expect(await userIdForToken("bb_" + "a".repeat(300))).toBeNull();
    await revokeApiToken(user.id, token.id);
    expect(await userIdForToken(token.secret)).toBeNull();
    // Revoking twice: it is no longer an active token.
    expect((await appErrorOf(() => revokeApiToken(user.id, token.id))).code).toBe("NOT_FOUND");
  });

  it("another user cannot revoke my token (NOT_FOUND) and it keeps working", async () => {
    const me = await createUser(d);
    const other = await createUser(d);
    const token = await createApiToken(me.id, "mine");
    expect((await appErrorOf(() => revokeApiToken(other.id, token.id))).code).toBe("NOT_FOUND");
    expect(await userIdForToken(token.secret)).toBe(me.id);
    expect(await listApiTokens(other.id)).toEqual([]);
  });
});

describe("profile", () => {
  it("updateProfile changes the display name and returns the profile without the hash", async () => {
    const user = await createUser(d, { password: PASSWORD });
    const updated = await updateProfile(user.id, "New Name");
    expect(updated).toEqual({ id: user.id, username: user.username, displayName: "New Name", email: null, createdAt: expect.any(Date) });
    expect((await getProfile(user.id)).displayName).toBe("New Name");
    expect((await appErrorOf(() => getProfile("no-such-user"))).code).toBe("NOT_FOUND");
  });
});

describe("auth secret", () => {
  it.skipIf(Boolean(env().NEXTAUTH_SECRET))("is generated once, stored, and the same across calls and fresh processes", async () => {
    const { authSecret } = await import("@/lib/server/auth/secret");
    const first = await authSecret();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await authSecret()).toBe(first);
    expect((await d.instanceSetting.findUniqueOrThrow({ where: { key: "auth_secret" } })).value).toBe(first);
    // A fresh module instance (as another process would have) reads the same secret, also when two race.
    vi.resetModules();
    const a = (await import("@/lib/server/auth/secret")).authSecret;
    vi.resetModules();
    const b = (await import("@/lib/server/auth/secret")).authSecret;
    expect(await Promise.all([a(), b()])).toEqual([first, first]);
    expect(await d.instanceSetting.count({ where: { key: "auth_secret" } })).toBe(1);
  });

  it.skipIf(Boolean(env().NEXTAUTH_SECRET))("concurrent first starts agree on one secret", async () => {
    await d.instanceSetting.deleteMany({ where: { key: "auth_secret" } });
    const fresh = async () => {
      vi.resetModules();
      return (await import("@/lib/server/auth/secret")).authSecret;
    };
    const fns = [await fresh(), await fresh(), await fresh()];
    const secrets = await Promise.all(fns.map((f) => f()));
    expect(new Set(secrets).size).toBe(1);
    expect((await d.instanceSetting.findUniqueOrThrow({ where: { key: "auth_secret" } })).value).toBe(secrets[0]);
  });
});
