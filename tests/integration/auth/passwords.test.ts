// Account life against the real database: hash upgrade at sign-in, password change,
// one-time reset links, session revocation, and, with a local SMTP server, the
// "forgot password" mail and notification digests (the HTTP side is in sessions-http.test.ts).
import { afterAll, describe, expect, it } from "vitest";
import type { AppError } from "@/lib/domain/errors";
import { startTestSmtp } from "@/tests/support/smtp";

// Mail settings before any app module reads env().
const smtp = await startTestSmtp();
process.env.SMTP_URL = smtp.url;
process.env.SMTP_FROM = "Builder/Breaker <noreply@test.invalid>";
process.env.NEXTAUTH_URL = "https://debates.test.invalid";
afterAll(() => smtp.close());

const { hashPassword, verifyPassword } = await import("@/lib/server/auth/password");
const { createPasswordReset, pendingReset } = await import("@/lib/server/auth/password-reset");
const { rateRules } = await import("@/lib/server/auth/rate-limit");
const { createSession, liveSessionUser, listSessions, revokeAllSessions, revokeSession, endSession } = await import("@/lib/server/auth/sessions");
const { createApiToken, hashToken, userIdForToken } = await import("@/lib/server/auth/tokens");
const { db } = await import("@/lib/server/db/client");
const { mailPasswordReset } = await import("@/lib/server/mail/forgot-password");
const { sendDueDigests, setEmailDigest } = await import("@/lib/server/mail/digest");
const { authenticate } = await import("@/lib/server/users/service");
const { changePassword, INVALID_RESET_LINK, resetPasswordWithToken } = await import("@/lib/server/users/passwords");
const { createDebate, createUser, uniqueSuffix } = await import("@/tests/factories");
const { appErrorOf } = await import("@/tests/support/services");

const d = db();
const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "tangerine ferry quietly 7";
let lastIp = 0;
const ip = () => `203.0.113.${++lastIp}`;

const fieldErrors = (e: AppError) => (e.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {};
const storedHash = async (userId: string) => (await d.user.findUniqueOrThrow({ where: { id: userId }, omit: { passwordHash: false } })).passwordHash!;
const liveIds = async (userId: string, ids: string[]) => {
  const live: string[] = [];
  for (const id of ids) if (await liveSessionUser(id, userId)) live.push(id);
  return live;
};

describe("hash upgrade at sign-in", () => {
  it("a user with an N=2^15 hash signs in; the stored hash now has N=2^17 and still verifies", async () => {
    const user = await createUser(d, { username: `old_${uniqueSuffix()}` });
    const old = await hashPassword(PASSWORD, { N: 2 ** 15, r: 8, p: 1 });
    await d.user.update({ where: { id: user.id }, data: { passwordHash: old } });
    await authenticate(user.username, PASSWORD, ip());
    const upgraded = await storedHash(user.id);
    expect(upgraded).not.toBe(old);
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);
    // And signing in again works and leaves the up-to-date hash alone.
    await authenticate(user.username, PASSWORD, ip());
    expect(await storedHash(user.id)).toBe(upgraded);
  });

  it("a wrong password never rewrites an old hash", async () => {
    const user = await createUser(d, { username: `old_${uniqueSuffix()}` });
    const old = await hashPassword(PASSWORD, { N: 2 ** 15, r: 8, p: 1 });
    await d.user.update({ where: { id: user.id }, data: { passwordHash: old } });
    await appErrorOf(() => authenticate(user.username, "wrong password!!", ip()));
    expect(await storedHash(user.id)).toBe(old);
  });
});

describe("sessions", () => {
  it("a session is live until ended; ending is per user and per session; everywhere ends all", async () => {
    const user = await createUser(d);
    const other = await createUser(d);
    const [a, b, c] = [await createSession(user.id, "Browser A"), await createSession(user.id, "Browser B"), await createSession(user.id, null)];
    expect(await liveSessionUser(a, user.id)).toEqual({ id: user.id, username: user.username, displayName: user.displayName });
    // A session id is only good with its own user.
    expect(await liveSessionUser(a, other.id)).toBeNull();
    expect((await listSessions(user.id, b)).map((s) => [s.userAgent, s.current])).toEqual(expect.arrayContaining([["Browser A", false], ["Browser B", true], ["", false]]));
    expect(await endSession(other.id, a)).toBe(false);
    expect((await appErrorOf(() => revokeSession(other.id, a))).code).toBe("NOT_FOUND");
    await revokeSession(user.id, a);
    expect(await liveIds(user.id, [a, b, c])).toEqual([b, c]);
    expect(await revokeAllSessions(user.id)).toBe(2);
    expect(await liveIds(user.id, [a, b, c])).toEqual([]);
    expect(await listSessions(user.id)).toEqual([]);
  });

  it("an expired session is dead, and signing in again clears dead rows", async () => {
    const user = await createUser(d);
    const s = await createSession(user.id, "old");
    await d.userSession.update({ where: { id: s }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await liveSessionUser(s, user.id)).toBeNull();
    await createSession(user.id, "new");
    expect(await d.userSession.count({ where: { id: s } })).toBe(0);
  });
});

describe("changePassword", () => {
  it("refuses a wrong current password, the same password and a weak one, with field errors; nothing changes", async () => {
    const user = await createUser(d, { password: PASSWORD });
    const before = await storedHash(user.id);
    const wrong = await appErrorOf(() => changePassword(user.id, { currentPassword: "not my password", newPassword: NEW_PASSWORD }));
    expect(wrong.code).toBe("VALIDATION");
    expect(fieldErrors(wrong)).toEqual({ currentPassword: ["Your current password is not correct"] });
    expect(fieldErrors(await appErrorOf(() => changePassword(user.id, { currentPassword: PASSWORD, newPassword: PASSWORD })))).toEqual({
      newPassword: ["The new password is the same as the current one"],
    });
    expect(fieldErrors(await appErrorOf(() => changePassword(user.id, { currentPassword: PASSWORD, newPassword: "Password2024!" }))).newPassword).toEqual([
      expect.stringMatching(/common/),
    ]);
    expect(await storedHash(user.id)).toBe(before);
  });

  it("changes the password and signs out every other session; API tokens stay valid", async () => {
    const user = await createUser(d, { password: PASSWORD });
    const [keep, other1, other2] = [await createSession(user.id, "k"), await createSession(user.id, "o1"), await createSession(user.id, "o2")];
    const token = await createApiToken(user.id, "script");
    expect(await changePassword(user.id, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, keep)).toEqual({ endedSessions: 2 });
    expect(await liveIds(user.id, [keep, other1, other2])).toEqual([keep]);
    expect(await userIdForToken(token.secret)).toBe(user.id);
    expect(await verifyPassword(NEW_PASSWORD, await storedHash(user.id))).toBe(true);
    await authenticate(user.username, NEW_PASSWORD, ip());
    expect((await appErrorOf(() => authenticate(user.username, PASSWORD, ip()))).code).toBe("UNAUTHENTICATED");
  });

  it("an account without a password gets a clear error; attempts are rate-limited per user", async () => {
    const oauthOnly = await createUser(d);
    expect(fieldErrors(await appErrorOf(() => changePassword(oauthOnly.id, { currentPassword: "anything at all", newPassword: NEW_PASSWORD }))).currentPassword?.[0]).toMatch(/no password/);
    const user = await createUser(d, { password: PASSWORD });
    await d.rateLimitBucket.create({ data: { key: `${rateRules.passwordChangePerUser.name}:${user.id}`, count: 10_000_000, resetAt: new Date(Date.now() + 60_000) } });
    expect((await appErrorOf(() => changePassword(user.id, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))).code).toBe("RATE_LIMITED");
  });
});

describe("password reset links", () => {
  it("are stored as sha256 only, work once, sign the account out everywhere, and a weak password does not use them up", async () => {
    const user = await createUser(d, { password: PASSWORD });
    const sessions = [await createSession(user.id, "a"), await createSession(user.id, "b")];
    const { secret, expiresAt } = await createPasswordReset(user.id);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    const [row] = await d.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "PasswordReset" WHERE "userId" = ${user.id}`;
    expect(row!.tokenHash).toBe(hashToken(secret));
    for (const value of Object.values(row!)) expect(String(value)).not.toContain(secret);

    const weak = await appErrorOf(() => resetPasswordWithToken(secret, "Password2024!"));
    expect(fieldErrors(weak).password).toEqual([expect.stringMatching(/common/)]);
    expect(await pendingReset(secret)).not.toBeNull();

    expect(await resetPasswordWithToken(secret, NEW_PASSWORD)).toEqual({ username: user.username });
    expect(await liveIds(user.id, sessions)).toEqual([]);
    await authenticate(user.username, NEW_PASSWORD, ip());
    const again = await appErrorOf(() => resetPasswordWithToken(secret, "another fine passphrase 8"));
    expect(again.message).toBe(INVALID_RESET_LINK);
    expect(await verifyPassword(NEW_PASSWORD, await storedHash(user.id))).toBe(true);
  });

  it("expire, are replaced by a newer link, and two racing uses: exactly one wins", async () => {
    const user = await createUser(d, { password: PASSWORD });
    const first = await createPasswordReset(user.id);
    const second = await createPasswordReset(user.id);
    expect((await appErrorOf(() => resetPasswordWithToken(first.secret, NEW_PASSWORD))).message).toBe(INVALID_RESET_LINK);
    await d.passwordReset.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await appErrorOf(() => resetPasswordWithToken(second.secret, NEW_PASSWORD))).message).toBe(INVALID_RESET_LINK);
    expect((await appErrorOf(() => resetPasswordWithToken("x".repeat(43), NEW_PASSWORD))).message).toBe(INVALID_RESET_LINK);

    const third = await createPasswordReset(user.id);
    const results = await Promise.allSettled([
      resetPasswordWithToken(third.secret, NEW_PASSWORD),
      resetPasswordWithToken(third.secret, "another fine passphrase 8"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await verifyPassword(PASSWORD, await storedHash(user.id))).toBe(false);
  });
});

describe("forgot password by mail (local SMTP server)", () => {
  const tokenFrom = (text: string) => /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

  it("mails a link to the account's address; the link works once", async () => {
    const username = `mailme_${uniqueSuffix()}`;
    const user = await createUser(d, { username, email: `${username}@example.org`, password: PASSWORD });
    expect(await mailPasswordReset(username.toUpperCase())).toBe("sent");
    const mail = await smtp.waitFor((m) => m.to.includes(`${username}@example.org`));
    expect(mail.from).toBe("noreply@test.invalid");
    expect(mail.subject).toBe("Reset your Builder/Breaker password");
    expect(mail.text).toContain("https://debates.test.invalid/reset-password?token=");
    const token = tokenFrom(mail.text)!;
    await resetPasswordWithToken(token, NEW_PASSWORD);
    expect((await appErrorOf(() => resetPasswordWithToken(token, "another fine passphrase 8"))).message).toBe(INVALID_RESET_LINK);
    await authenticate(user.username, NEW_PASSWORD, ip());
  });

  it("sends nothing for an unknown account or one without email, and at most 3 an hour per account", async () => {
    const before = smtp.mails.length;
    expect(await mailPasswordReset(`nobody_${uniqueSuffix()}@example.org`)).toBe("no-account");
    const noEmail = await createUser(d, { password: PASSWORD });
    expect(await mailPasswordReset(noEmail.username)).toBe("no-email");
    expect(smtp.mails.length).toBe(before);

    const username = `flood_${uniqueSuffix()}`;
    await createUser(d, { username, email: `${username}@example.org` });
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await mailPasswordReset(i % 2 ? username : `${username}@example.org`));
    expect(outcomes).toEqual(["sent", "sent", "sent", "limited", "limited"]);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.mails.filter((m) => m.to.includes(`${username}@example.org`))).toHaveLength(3);
  });
});

describe("notification digests (local SMTP server)", () => {
  async function setup() {
    const username = `digest_${uniqueSuffix()}`;
    const user = await createUser(d, { username, email: `${username}@example.org` });
    const title = `Digest debate ${uniqueSuffix()}`;
    const debate = { ...(await createDebate(d, { title })), title };
    let seq = 1000;
    const notify = (message: string, extra: { readAt?: Date; createdAt?: Date } = {}) =>
      d.notification.create({ data: { userId: user.id, debateId: debate.id, eventSeq: BigInt(seq++), type: "reply", message, nodeId: debate.rootNodeId, ...extra } });
    return { user, debate, notify, address: `${username}@example.org` };
  }
  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));

  it("mails unread notifications since the digest was turned on, once; never the same notification twice", async () => {
    const { user, debate, notify, address } = await setup();
    await notify("before the digest was on", { createdAt: new Date(Date.now() - 60_000) });
    await setEmailDigest(user.id, true);
    await notify("first news");
    await notify("already read", { readAt: new Date() });
    await notify("second news");
    await sendDueDigests();
    const mail = await smtp.waitFor((m) => m.to.includes(address));
    expect(mail.subject).toBe("2 unread notifications on Builder/Breaker");
    expect(mail.text).toContain(`- ${debate.title}: first news`);
    expect(mail.text).toContain("second news");
    expect(mail.text).toContain(`https://debates.test.invalid/debates/${debate.id}#node-${debate.rootNodeId}`);
    expect(mail.text).not.toContain("already read");
    expect(mail.text).not.toContain("before the digest was on");

    // Within the interval nothing more is sent, even with new notifications.
    await notify("third news");
    await sendDueDigests();
    await new Promise((r) => setTimeout(r, 200));
    expect(mailsTo(address)).toHaveLength(1);

    // Next interval: only what was not mailed yet.
    await d.user.update({ where: { id: user.id }, data: { digestSentAt: new Date(Date.now() - 25 * 3600_000) } });
    await sendDueDigests();
    await smtp.waitFor(() => mailsTo(address).length === 2);
    const next = mailsTo(address)[1]!;
    expect(next.text).toContain("third news");
    expect(next.text).not.toContain("first news");

    // Nothing new: no mail.
    await d.user.update({ where: { id: user.id }, data: { digestSentAt: new Date(Date.now() - 25 * 3600_000) } });
    await sendDueDigests();
    await new Promise((r) => setTimeout(r, 200));
    expect(mailsTo(address)).toHaveLength(2);
  });

  it("two runs at once send one digest; a refused mail is retried at the next run; turned off, nothing", async () => {
    const { user, notify, address } = await setup();
    await setEmailDigest(user.id, true);
    await notify("race news");
    await Promise.all([sendDueDigests(), sendDueDigests(), sendDueDigests()]);
    await smtp.waitFor((m) => m.to.includes(address));
    await new Promise((r) => setTimeout(r, 200));
    expect(mailsTo(address)).toHaveLength(1);

    await d.user.update({ where: { id: user.id }, data: { digestSentAt: new Date(Date.now() - 25 * 3600_000) } });
    await notify("refused news");
    smtp.refuseNext(1);
    const consoleError = console.error;
    console.error = () => {}; // the refusal is logged on purpose
    try {
      expect((await sendDueDigests()).failed).toBeGreaterThanOrEqual(1);
    } finally {
      console.error = consoleError;
    }
    expect(mailsTo(address)).toHaveLength(1);
    await sendDueDigests();
    const retried = await smtp.waitFor(() => mailsTo(address).length === 2).then(() => mailsTo(address)[1]!);
    expect(retried.text).toContain("refused news");

    await setEmailDigest(user.id, false);
    await notify("after turning off");
    await d.user.update({ where: { id: user.id }, data: { digestSentAt: new Date(Date.now() - 25 * 3600_000) } });
    await sendDueDigests();
    await new Promise((r) => setTimeout(r, 200));
    expect(mailsTo(address)).toHaveLength(2);
  });
});
