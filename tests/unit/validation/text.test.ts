// lib/domain/text.ts: the one rule for text people send (issue #18: a NUL in a title, a
// body, a search or a token name reached PostgreSQL and came back as a 500).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDebateSchema, createNodeSchema, debateListQuerySchema, inviteMemberSchema, linkSchema, searchQuerySchema } from "@/lib/domain/debate/validation";
import { experimentCardSchema } from "@/lib/domain/empirical/validation";
import { createTokenSchema, signInSchema, signUpSchema, updateProfileSchema } from "@/lib/domain/users/validation";
import { safeText, unsafeTextReason } from "@/lib/domain/text";

const line = safeText().trim().max(200);
const multiline = safeText({ multiline: true }).trim().max(200);
const name = safeText({ identifier: true }).trim().max(80);

describe("safeText", () => {
  const refusedEverywhere: [string, string][] = [
    ["NUL", "a\u0000b"],
    ["NUL alone", "\u0000"],
    ["NUL at the end (before trimming)", "title\u0000"],
    ["bell", "a\u0007b"],
    ["escape (terminal sequences)", "a\u001b[31mred"],
    ["vertical tab", "a\u000bb"],
    ["form feed", "a\u000cb"],
    ["unit separator", "a\u001fb"],
    ["DEL", "a\u007fb"],
    ["U+FFFE", "a\ufffeb"],
    ["U+FFFF", "a\uffffb"],
    ["U+FDD0", "a\ufdd0b"],
    ["U+1FFFF", "a\u{1ffff}b"],
    ["U+10FFFF", "a\u{10ffff}b"],
    ["a lone high surrogate", "a\ud800b"],
    ["a lone low surrogate", "a\udc00b"],
    ["a high surrogate at the end", "emoji\ud83d"],
    ["surrogates in the wrong order", "\ude00\ud83d"],
  ];

  it.each(refusedEverywhere)("refuses %s in single- and multi-line text and in names", (_label, value) => {
    for (const schema of [line, multiline, name]) {
      const result = schema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(/^Contains (a control character|an unpaired surrogate|a Unicode noncharacter) \(U\+[0-9A-F]{4,6}\)/);
    }
  });

  it.each([
    ["tab", "a\tb"],
    ["newline", "a\nb"],
    ["CRLF", "a\r\nb"],
  ])("allows %s in multi-line text only", (_label, value) => {
    expect(multiline.safeParse(value).success).toBe(true);
    expect(line.safeParse(value).success).toBe(false);
  });

  it.each(["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])(
    "refuses the direction control U+%s in names only",
    (char) => {
      const value = `admin${char}nimda`;
      expect(name.safeParse(value).error!.issues[0]!.message).toMatch(/text-direction control/);
      expect(line.safeParse(value).success).toBe(true);
    },
  );

  it.each([
    "plain ASCII",
    "Ünïcödé ✓ 日本語 עברית العربية",
    "emoji 😀👩‍👩‍👧 and flags 🇫🇷",
    "math 𝔸𝔹ℂ (astral, paired surrogates)",
    "zero-width joiner\u200d and LRM \u200e",
    "U+FFFD replacement \ufffd",
    "<script>alert(1)</script>",
  ])("accepts real text: %s", (value) => {
    for (const schema of [line, multiline, name]) expect(schema.safeParse(value).success).toBe(true);
  });

  it("names the character in the message", () => {
    expect(unsafeTextReason("x\u0000")).toBe("Contains a control character (U+0000) that is not allowed");
    expect(unsafeTextReason("x\u{10ffff}")).toMatch(/\(U\+10FFFF\)/);
    expect(unsafeTextReason("ok")).toBeNull();
  });

  it("stays linear on long input", () => {
    const long = "a".repeat(1_000_000);
    const started = performance.now();
    expect(unsafeTextReason(long, { multiline: true, identifier: true })).toBeNull();
    expect(unsafeTextReason(`${long}\u0000`)).not.toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("every schema that takes user text refuses a NUL in that field", () => {
  const nul = "bad\u0000text";
  const cases: [string, { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } }, Record<string, unknown>, string][] = [
    ["debate title", createDebateSchema, { title: nul, proposal: "p" }, "title"],
    ["debate proposal", createDebateSchema, { title: "t", proposal: nul }, "proposal"],
    ["debate context", createDebateSchema, { title: "t", proposal: "p", context: nul }, "context"],
    ["link label", linkSchema, { label: nul, url: "https://example.org" }, "label"],
    ["link URL", linkSchema, { url: "https://example.org/\u0000" }, "url"],
    ["node title", createNodeSchema, { parentId: "n1", kind: "COMMENT", title: nul, body: "b" }, "title"],
    ["node body", createNodeSchema, { parentId: "n1", kind: "COMMENT", body: nul }, "body"],
    ["debate list search", debateListQuerySchema, { q: nul }, "q"],
    ["in-debate search", searchQuerySchema, { q: nul }, "q"],
    ["invite username", inviteMemberSchema, { username: nul }, "username"],
    ["invite username (bidi)", inviteMemberSchema, { username: "ali\u202ece" }, "username"],
    ["experiment question", experimentCardSchema, { question: nul, method: "m", supportIf: "s", refuteIf: "r" }, "question"],
    ["token name", createTokenSchema, { name: nul }, "name"],
    ["sign-in login", signInSchema, { login: nul, password: "x" }, "login"],
    ["sign-up display name", signUpSchema, { username: "alice", password: "Correct horse battery", displayName: nul }, "displayName"],
    ["sign-up display name (bidi)", signUpSchema, { username: "alice", password: "Correct horse battery", displayName: "\u202eecila" }, "displayName"],
    ["profile display name (isolate)", updateProfileSchema, { displayName: "Bob\u2066" }, "displayName"],
  ];

  it.each(cases)("%s", (_label, schema, input, field) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0])).toContain(field);
  });
});

// The guard against the next schema forgetting: no bare z.string() for free text in the
// validation modules or the API layer; the ones that may stay bare are listed with the reason.
describe("no bare z.string() accepts user text", () => {
  const ROOT = path.resolve(import.meta.dirname, "../../..");
  const ALLOWED: Record<string, string> = {
    "lib/domain/users/validation.ts|password": "a password is hashed, never stored or shown, and may hold any character",
    "lib/domain/users/validation.ts|currentPassword": "compared with the stored hash, never stored or shown",
    "lib/domain/debate/validation.ts|inviteCode": "compared in memory with the stored code, never written",
    "lib/contracts/common.ts|sentText": "response schemas: text the server sends, never parsed from a client",
  };
  const files = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
      const rel = path.join(dir, entry);
      return statSync(path.join(ROOT, rel)).isDirectory() ? files(rel) : rel.endsWith(".ts") ? [rel] : [];
    });
  const sources = [...files("lib").filter((f) => f.endsWith("validation.ts")), ...files("lib/contracts"), ...files("lib/http"), ...files("app/api")];

  it("found the sources", () => expect(sources.length).toBeGreaterThan(40));

  it("every z.string() is safeText, format-checked or allowed with a reason", () => {
    const offenders: string[] = [];
    for (const file of sources) {
      const source = readFileSync(path.join(ROOT, file), "utf8");
      for (const match of source.matchAll(/z\s*\.\s*string\s*\(/g)) {
        const chain = source.slice(match.index).split(/;|,\n/)[0]!;
        // A format (.regex) excludes control characters; a .pipe() hands the text to a checked schema (email, display name).
        if (chain.includes(".regex(") || chain.includes(".pipe(")) continue;
        const before = source.slice(Math.max(0, match.index - 80), match.index);
        const allowed = Object.keys(ALLOWED).some((k) => {
          const [allowedFile, field] = k.split("|") as [string, string];
          return allowedFile === file && new RegExp(`\\b${field}(Schema)?\\s*[:=]\\s*$`).test(before);
        });
        if (!allowed) offenders.push(`${file}:${source.slice(0, match.index).split("\n").length}: ${chain.split("\n")[0]!.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
