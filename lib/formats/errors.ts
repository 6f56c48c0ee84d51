// FormatError: the one error every importer (and document validation) throws.
// It always says where (line/column for text formats, a JSON path for JSON
// documents) and what was expected, so an API can return it verbatim.

export type FormatErrorCode =
  | "TOO_LARGE" // input bytes over the limit
  | "TOO_MANY_NODES"
  | "TOO_DEEP"
  | "SYNTAX" // the text is not well-formed for its format
  | "SCHEMA" // well-formed but not a builder-breaker document
  | "INTEGRITY" // references, roots or cycles are wrong
  | "ORDER" // a DebateSource did not deliver nodes in depth-first pre-order
  | "UNSUPPORTED_FORMAT";

export interface FormatErrorLocation {
  line?: number; // 1-based
  column?: number; // 1-based
  path?: string; // JSON path such as $.nodes[3].parentRef
}

export class FormatError extends Error {
  readonly code: FormatErrorCode;
  readonly location: FormatErrorLocation;
  readonly expected?: string;

  constructor(code: FormatErrorCode, message: string, location: FormatErrorLocation = {}, expected?: string) {
    super(`${describeLocation(location)}${message}${expected ? ` (expected ${expected})` : ""}`);
    this.name = "FormatError";
    this.code = code;
    this.location = location;
    this.expected = expected;
  }
}

function describeLocation({ line, column, path }: FormatErrorLocation): string {
  const parts: string[] = [];
  if (line !== undefined) parts.push(column !== undefined ? `line ${line}, column ${column}` : `line ${line}`);
  if (path !== undefined) parts.push(path);
  return parts.length ? `${parts.join(" ")}: ` : "";
}

/** Line and column (1-based) of a character offset; used to turn parser offsets into positions. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** JSON path from a zod/ajv style path array: ["nodes", 3, "parentRef"] -> $.nodes[3].parentRef */
export function jsonPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string" && /^[A-Za-z_$][\w$]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}
