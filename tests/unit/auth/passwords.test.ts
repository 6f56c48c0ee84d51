// Password hashing parameters, the strength check, reset links, mail texts and the
// SMTP settings: pure parts of the account-life work (the database parts are in
// tests/integration/auth/passwords.test.ts).
import { describe, expect, it } from "vitest";
import { CURRENT_PARAMS, hashPassword, needsRehash, verifyPassword } from "@/lib/server/auth/password";
import { resetLink } from "@/lib/server/auth/password-reset";
import { parseEnv } from "@/lib/server/env";
import { digestMail, passwordResetMail } from "@/lib/domain/mail/messages";
import { passwordWeakness } from "@/lib/domain/users/password-strength";
import { passwordSchema } from "@/lib/domain/users/validation";

const OLD = { N: 2 ** 15, r: 8, p: 1 };

describe("scrypt hashes", () => {
  it("are made with OWASP's N=2^17, r=8, p=1 and carry them", async () => {
    expect(CURRENT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterz", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("an old N=2^15 hash still verifies and is marked for rehashing", async () => {
    const old = await hashPassword("correct horse battery", OLD);
    expect(old.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("correct horse battery", old)).toBe(true);
    expect(await verifyPassword("wrong horse battery", old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it("refuses malformed or absurd parameters instead of computing them", async () => {
    const good = await hashPassword("correct horse battery", OLD);
    const parts = good.split("$");
    for (const bad of [
      ["scrypt", String(2 ** 24), ...parts.slice(2)].join("$"), // would need 16 GiB
      ["scrypt", "1000", ...parts.slice(2)].join("$"), // not a power of two
      ["bcrypt", ...parts.slice(1)].join("$"),
      `${good}$extra`,
      "",
    ]) {
      expect(await verifyPassword("correct horse battery", bad)).toBe(false);
      expect(needsRehash(bad)).toBe(true);
    }
  });
});

describe("password strength", () => {
  const owner = { username: "alice", email: "alice.smith@example.org", displayName: "Alice Smith" };
  it.each([
    ["Password123", "too common"],
    ["P@ssw0rd2024", "common password"],
    ["qwertyuiop12", "common"],
    ["monkey123456", "common"],
    ["aB3$aB3$aB3$aB3$", "repetitive"],
    ["xx-ALICE-yy-2024", "username"],
    ["alicesmith2024!", "username"],
  ])("refuses %s (%s) with a clear message", (password, why) => {
    const message = passwordWeakness(password, owner);
    expect(message).toEqual(expect.any(String));
    expect(message!.toLowerCase()).toContain(why.split(" ").pop());
  });

  it("refuses every long-enough entry of the common-password list it samples, not only 28 words", async () => {
    const { dictionary } = await import("@zxcvbn-ts/language-common");
    const long = dictionary["passwords-common"].filter((p) => p.length >= 10 && new Set(p).size >= 5);
    expect(long.length).toBeGreaterThan(1000);
    for (const p of long.filter((_, i) => i % 25 === 0)) expect(passwordWeakness(p, { username: "zz_nobody" }), p).not.toBeNull();
  });

  it.each(["correct horse battery", "Correct horse battery 9!", "tangerine ferry quietly 7"])("accepts %s", (password) => {
    expect(passwordWeakness(password, owner)).toBeNull();
  });

  it("the browser-side schema keeps the cheap rules and their messages", () => {
    expect(passwordSchema.safeParse("short").error?.issues[0]?.message).toBe("Password must be at least 10 characters");
    expect(passwordSchema.safeParse("abababababab").error?.issues[0]?.message).toMatch(/too repetitive/);
  });
});

describe("reset links and mails", () => {
  it("builds <base>/reset-password?token=… with or without a trailing slash", () => {
    expect(resetLink("https://d.example.org", "abc_-1")).toBe("https://d.example.org/reset-password?token=abc_-1");
    expect(resetLink("https://d.example.org/", "abc")).toBe("https://d.example.org/reset-password?token=abc");
    expect(resetLink("http://localhost:3000", "a+b/c")).toBe("http://localhost:3000/reset-password?token=a%2Bb%2Fc");
  });

  it("the reset mail names the account, the link and the expiry", () => {
    const mail = passwordResetMail({ username: "alice", link: "https://x/reset-password?token=t", expiresInMinutes: 60 });
    expect(mail.text).toContain('"alice"');
    expect(mail.text).toContain("https://x/reset-password?token=t");
    expect(mail.text).toContain("60 minutes");
  });

  it("a digest lists at most 50 items and counts the rest", () => {
    const items = Array.from({ length: 53 }, (_, i) => ({ message: `m${i}`, debateTitle: "D", link: `https://x/d#${i}`, createdAt: new Date() }));
    const mail = digestMail({ displayName: "Al", items, notificationsUrl: "https://x/notifications", settingsUrl: "https://x/settings" });
    expect(mail.subject).toBe("53 unread notifications on Builder/Breaker");
    expect(mail.text).toContain("- D: m49");
    expect(mail.text).not.toContain("m50");
    expect(mail.text).toContain("… and 3 more");
  });
});

describe("SMTP settings", () => {
  it("are off by default, and SMTP_URL needs SMTP_FROM and NEXTAUTH_URL", () => {
    expect(parseEnv({}).SMTP_URL).toBeUndefined();
    expect(() => parseEnv({ SMTP_URL: "smtp://127.0.0.1:2525", NEXTAUTH_URL: "https://d.example.org" })).toThrow(/SMTP_FROM/);
    expect(() => parseEnv({ SMTP_URL: "smtp://127.0.0.1:2525", SMTP_FROM: "a@b.c" })).toThrow(/NEXTAUTH_URL/);
    expect(() => parseEnv({ SMTP_URL: "http://x", SMTP_FROM: "a@b.c", NEXTAUTH_URL: "https://d" })).toThrow(/SMTP_URL/);
    const e = parseEnv({ SMTP_URL: "smtps://u:p@mail.example.org:465", SMTP_FROM: "a@b.c", NEXTAUTH_URL: "https://d.example.org" });
    expect(e.SMTP_URL).toBe("smtps://u:p@mail.example.org:465");
    expect(e.DIGEST_INTERVAL_HOURS).toBe(24);
  });
});
