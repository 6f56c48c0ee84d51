import { z } from "zod";

// The one rule for text a person sends us (client-importable: the forms use it
// too). PostgreSQL cannot store U+0000 in text, so a NUL used to reach the
// database and come back as a 500 (or, in sign-in, as Prisma's message in the
// redirect URL). Refused here, at the boundary, with a 422 naming the field:
//   - C0 controls and DEL (tab, newline and carriage return allowed in multi-line text),
//   - lone surrogates (not text; JSON can carry them as "\ud800"),
//   - Unicode noncharacters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane),
//   - in names (`identifier`): bidirectional overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069), which let a name display as someone else's.

export type TextRule = {
  /** Multi-line text (bodies, proposals, reasons): tab, LF and CR are allowed. */
  multiline?: boolean;
  /** A name others see (display name, username): bidirectional controls are refused too. */
  identifier?: boolean;
};

const SINGLE_LINE_CONTROL = /[\u0000-\u001f\u007f]/;
const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// With the u flag \p{Cs} matches only unpaired surrogates; paired ones are one code point.
const LONE_SURROGATE = /\p{Cs}/u;
const NONCHARACTER = /[\u{fdd0}-\u{fdef}\u{fffe}\u{ffff}\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{3fffe}\u{3ffff}\u{4fffe}\u{4ffff}\u{5fffe}\u{5ffff}\u{6fffe}\u{6ffff}\u{7fffe}\u{7ffff}\u{8fffe}\u{8ffff}\u{9fffe}\u{9ffff}\u{afffe}\u{affff}\u{bfffe}\u{bffff}\u{cfffe}\u{cffff}\u{dfffe}\u{dffff}\u{efffe}\u{effff}\u{ffffe}\u{fffff}\u{10fffe}\u{10ffff}]/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why `value` is refused under `rule` (a message naming the character), or null when it is fine. */
export function unsafeTextReason(value: string, rule: TextRule = {}): string | null {
  const control = (rule.multiline ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL).exec(value);
  if (control) return `Contains a control character (${codePoint(control[0])}) that is not allowed`;
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) return `Contains an unpaired surrogate (${codePoint(surrogate[0])}), which is not text`;
  const nonCharacter = NONCHARACTER.exec(value);
  if (nonCharacter) return `Contains a Unicode noncharacter (${codePoint(nonCharacter[0])}) that is not allowed`;
  if (rule.identifier) {
    const bidi = BIDI_CONTROL.exec(value);
    if (bidi) return `Contains a text-direction control (${codePoint(bidi[0])}) that is not allowed in names`;
  }
  return null;
}

/** A zod refinement applying `rule` to any string schema (`z.url().superRefine(refuseUnsafeText())`). */
export function refuseUnsafeText(rule: TextRule = {}) {
  return (value: string, ctx: z.RefinementCtx) => {
    const reason = unsafeTextReason(value, rule);
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  };
}

/**
 * `z.string()` for text a person sends: every schema that accepts user text starts here
 * (chain `.trim().min().max()` as usual; the check runs on the text as received).
 */
export function safeText(rule: TextRule & { error?: string } = {}) {
  return z.string(rule.error === undefined ? undefined : { error: rule.error }).superRefine(refuseUnsafeText(rule));
}

/** At most `max` UTF-16 units (as the app counts), cut at a code point boundary (never half a surrogate pair) and marked with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, clipEnd(text, max)).trimEnd() + "…";
}

/**
 * Like clip(), but cut at the last word boundary that fits, so a label never ends
 * mid-word ("Trust the rep…" becomes "Trust the…"). A single word longer than two
 * thirds of `max` is cut at a code point instead: better some of it than nothing.
 */
export function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = clipEnd(text, max);
  const head = text.slice(0, end);
  if (/\s/.test(text[end]!)) return `${head.trimEnd()}…`; // the cut already falls between words
  const boundary = head.search(/\s\S*$/);
  return `${(boundary >= max / 3 ? head.slice(0, boundary) : head).trimEnd()}…`;
}

/** Where to cut for `max` units with room for the ellipsis, never inside a surrogate pair. */
function clipEnd(text: string, max: number): number {
  const end = max - 1;
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}
