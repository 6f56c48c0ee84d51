// Server-side password strength: zxcvbn-ts with its common-language dictionaries
// (49,000 leaked passwords, diceware words, keyboard graphs), so "Password123",
// "P@ssw0rd2024" and keyboard walks are refused, not only an exact list. Kept out of
// lib/domain/users/validation.ts, which the browser imports: the dictionaries weigh ~0.5 MB.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "@/lib/domain/errors";

/** zxcvbn score 0–4; 3 = "safely unguessable" (≥ 10^8 guesses), zxcvbn's own recommended floor. */
export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
// Levenshtein matching off: it triples the cost (~90 ms a check) for little gain once
// l33t, reversed and user-input matching are on.
const zxcvbn = () => (factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: false }));

const MESSAGES: Record<string, string> = {
  topTen: "This password is too common",
  topHundred: "This password is too common",
  common: "This password is too common",
  similarToCommon: "This password is too close to a common password",
  userInputs: "Password is too close to your username, email or name",
  straightRow: "Password is too easy to guess: avoid keyboard rows and patterns",
  keyPattern: "Password is too easy to guess: avoid keyboard rows and patterns",
  simpleRepeat: "Password is too repetitive",
  extendedRepeat: "Password is too repetitive",
  sequences: "Password is too easy to guess: avoid sequences like abc or 1234",
  recentYears: "Password is too easy to guess: avoid years and dates",
  dates: "Password is too easy to guess: avoid years and dates",
};
const FALLBACK = "Password is too easy to guess: add another uncommon word or two";

export interface PasswordOwner {
  username: string;
  email?: string | null;
  displayName?: string | null;
}

/** The reason a password is too weak for this account, or null when it is strong enough. */
export function passwordWeakness(password: string, owner: PasswordOwner): string | null {
  // zxcvbn scores a password that merely contains the username as fairly strong; we do not.
  if (password.toLowerCase().includes(owner.username.toLowerCase())) return "Password must not contain your username";
  const inputs = [owner.username, owner.email, owner.email?.split("@")[0], owner.displayName].filter(
    (v): v is string => typeof v === "string" && v.length >= 3,
  );
  const result = zxcvbn().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  return MESSAGES[result.feedback.warning ?? ""] ?? FALLBACK;
}

/** Throws a 422 with a `password` field error (the shape zod errors take) when the password is too weak. */
export function assertStrongPassword(password: string, owner: PasswordOwner, field = "password"): void {
  const weakness = passwordWeakness(password, owner);
  if (weakness) {
    throw new AppError("VALIDATION", "Some fields are invalid", { details: { formErrors: [], fieldErrors: { [field]: [weakness] } } });
  }
}
