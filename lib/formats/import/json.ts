// JSON import: the canonical document, checked for size and nesting before
// JSON.parse, then for shape and referential integrity (a branch export becomes
// a debate of its own in between: lib/formats/branch.ts).

import type { DebateDocument } from "../document";
import { FormatError, lineColumnAt } from "../errors";
import { resolveLimits } from "../limits";
import { runSteps, STEP_EVERY, type Steps } from "../steps";
import { checkInputSizeSteps, validateImportedSteps, type ImportOptions } from "./common";

/** builder-breaker documents nest 7 levels deep; anything far deeper is hostile or not ours. */
export const MAX_JSON_NESTING = 64;

export function importJson(text: string, options: ImportOptions = {}): DebateDocument {
  return runSteps(importJsonSteps(text, options));
}

/** importJson in pausable steps (lib/formats/steps.ts). JSON.parse itself is one step. */
export function* importJsonSteps(text: string, options: ImportOptions = {}): Steps<DebateDocument> {
  const limits = resolveLimits(options.limits);
  const value = yield* parseJsonSteps(text, limits);
  return yield* validateImportedSteps(value, limits);
}

/** Size and nesting checks, then JSON.parse with a positioned error: shared by the JSON and AIF readers. */
export function* parseJsonSteps(text: string, limits: ReturnType<typeof resolveLimits>): Steps<unknown> {
  yield* checkInputSizeSteps(text, limits);
  yield* checkJsonNesting(text, MAX_JSON_NESTING);
  yield;
  let value: unknown;
  try {
    // A byte-order mark (files saved by Windows editors) read as the whitespace it is; offsets stay the same.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 does not always say where; then find the spot ourselves.
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : locateJsonSyntaxError(text);
    throw new FormatError("SYNTAX", `not valid JSON: ${message}`, lineColumnAt(text, offset), "a JSON document");
  }
  yield;
  return value;
}

/** Rejects deeply nested JSON before JSON.parse sees it (a cheap, iterative scan). */
function* checkJsonNesting(text: string, max: number): Steps<void> {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    if (i % (STEP_EVERY * 1024) === 0) yield;
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) throw new FormatError("TOO_DEEP", `JSON nesting deeper than ${max} levels`, lineColumnAt(text, i), `at most ${max} nested arrays/objects`);
    } else if (c === 125 || c === 93) depth--;
  }
}

/**
 * Offset of the first JSON syntax error (text.length when the text simply
 * ends too early). Only called after JSON.parse failed; iterative, with an
 * explicit stack of open containers.
 */
function locateJsonSyntaxError(text: string): number {
  const stack: ("{" | "[")[] = [];
  // What may come next: a value, a key (or "}" right after "{"), ":", or "," / closer.
  let expect: "value" | "firstValue" | "key" | "firstKey" | "colon" | "after" = "value";
  let i = 0;
  const ws = /[ \t\n\r]/;
  const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/;
  while (i < text.length) {
    const c = text[i]!;
    if (ws.test(c)) {
      i++;
      continue;
    }
    if (stack.length === 0 && expect === "after") return i; // text after the top-level value
    if (expect === "colon") {
      if (c !== ":") return i;
      expect = "value";
      i++;
      continue;
    }
    if (expect === "after") {
      const top = stack[stack.length - 1]!;
      if (c === ",") expect = top === "{" ? "key" : "value";
      else if ((c === "}" && top === "{") || (c === "]" && top === "[")) {
        stack.pop();
        expect = "after";
      } else return i;
      i++;
      continue;
    }
    if (expect === "key" || expect === "firstKey") {
      if (c === "}" && expect === "firstKey") {
        stack.pop();
        expect = "after";
        i++;
        continue;
      }
      if (c !== '"') return i;
      const end = scanString(text, i);
      if (end < 0) return -end - 1;
      i = end;
      expect = "colon";
      continue;
    }
    // a value
    if (c === "]" && expect === "firstValue") {
      stack.pop();
      expect = "after";
      i++;
    } else if (c === "{" || c === "[") {
      stack.push(c);
      expect = c === "{" ? "firstKey" : "firstValue";
      i++;
    } else if (c === '"') {
      const end = scanString(text, i);
      if (end < 0) return -end - 1;
      i = end;
      expect = "after";
    } else {
      const m = literal.exec(text.slice(i, i + 400));
      if (!m) return i;
      i += m[0].length;
      expect = "after";
    }
  }
  return text.length;
}

// Returns the index after the closing quote, or -(offset of the problem) - 1.
function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === 92) {
      const e = text[i + 1];
      if (e === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -i - 1;
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
      else return -i - 1;
    }
  }
  return -text.length - 1;
}
