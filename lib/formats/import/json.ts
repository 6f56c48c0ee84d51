// JSON import: the canonical document, checked for size and nesting before
// JSON.parse, then for shape and referential integrity.

import { type DebateDocument, validateDocument } from "../document";
import { FormatError, lineColumnAt } from "../errors";
import { resolveLimits } from "../limits";
import { checkInputSize, type ImportOptions } from "./common";

/** builder-breaker/1 documents nest 7 levels deep; anything far deeper is hostile or not ours. */
export const MAX_JSON_NESTING = 64;

export function importJson(text: string, options: ImportOptions = {}): DebateDocument {
  const limits = resolveLimits(options.limits);
  checkInputSize(text, limits);
  checkJsonNesting(text, MAX_JSON_NESTING);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    throw new FormatError("SYNTAX", `not valid JSON: ${message}`, lineColumnAt(text, offset), "a JSON document");
  }
  return validateDocument(value, limits);
}

/** Rejects deeply nested JSON before JSON.parse sees it (a cheap, iterative scan). */
function checkJsonNesting(text: string, max: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
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
