// Argdown {…} data is YAML. Our exporter writes strict JSON (valid YAML);
// people write YAML flow maps such as {kind: PATCH, tags: [a, b]}. This reads
// both, and nothing else: no anchors, tags or block style. Nesting is capped
// so hostile input cannot recurse deeply.

const MAX_NESTING = 16;

export class FlowDataError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseFlowData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the YAML flow reader
  }
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (message: string): never => {
    throw new FlowDataError(message, i);
  };

  const value = (depth: number): unknown => {
    if (depth > MAX_NESTING) fail(`data nested deeper than ${MAX_NESTING} levels`);
    skip();
    const c = text[i];
    if (c === "{") return map(depth);
    if (c === "[") return list(depth);
    if (c === '"' || c === "'") return quoted();
    return scalar();
  };
  const map = (depth: number) => {
    const out: Record<string, unknown> = {};
    i++; // {
    skip();
    if (text[i] === "}") {
      i++;
      return out;
    }
    for (;;) {
      skip();
      const key = text[i] === '"' || text[i] === "'" ? quoted() : String(scalar(":"));
      skip();
      if (text[i] !== ":") fail("expected ':' after a key");
      i++;
      out[key] = value(depth + 1);
      skip();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return out;
      }
      fail("expected ',' or '}'");
    }
  };
  const list = (depth: number) => {
    const out: unknown[] = [];
    i++; // [
    skip();
    if (text[i] === "]") {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(depth + 1));
      skip();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return out;
      }
      fail("expected ',' or ']'");
    }
  };
  const quoted = (): string => {
    const q = text[i]!;
    const start = i;
    i++;
    let out = "";
    while (i < text.length) {
      if (text[i] === q) {
        // '' inside single quotes is one quote (YAML); the loop used to stop before seeing it.
        if (q === "'" && text[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        break;
      }
      if (q === '"' && text[i] === "\\") {
        const end = text[i + 1] === "u" ? i + 6 : i + 2;
        try {
          out += JSON.parse(`"${text.slice(i, end)}"`) as string;
        } catch {
          fail("bad escape in a quoted string");
        }
        i = end;
      } else {
        const run = i;
        while (i < text.length && text[i] !== q && !(q === '"' && text[i] === "\\")) i++;
        out += text.slice(run, i);
      }
    }
    if (i >= text.length) {
      i = start;
      fail("unterminated quoted string");
    }
    i++;
    return out;
  };
  const scalar = (stopAlso = ""): unknown => {
    const start = i;
    while (i < text.length && !",}]".includes(text[i]!) && !stopAlso.includes(text[i]!)) i++;
    const raw = text.slice(start, i).trim();
    if (raw === "") fail("expected a value");
    if (raw === "true") return true;
    if (raw === "false") return false;
    if (raw === "null" || raw === "~") return null;
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    return raw;
  };

  skip();
  if (text[i] !== "{") fail("expected '{'");
  const result = value(0);
  skip();
  if (i < text.length) fail("unexpected text after the data");
  return result;
}
