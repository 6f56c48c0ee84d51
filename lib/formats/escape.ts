// Escaping helpers shared by the exporters. Every piece of user text passes
// through exactly one of these on its way into a format.
import { clip } from "@/lib/domain/text";

/**
 * XML text and attribute values. A carriage return is written `&#13;`: a parser turns a raw CR
 * (or CRLF) into LF, the reference survives. Characters XML 1.0 cannot carry at all, not even as
 * references, become visible stand-ins: C0 controls their Control Pictures sign (U+0007 → ␇),
 * lone surrogates and U+FFFE/U+FFFF the replacement character.
 */
export function escapeXml(text: string): string {
  return text.replace(XML_ESCAPED, (c) => {
    const entity = XML_ENTITIES[c];
    if (entity) return entity;
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : "\uFFFD";
  });
}
const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;" };
const XML_ESCAPED = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Inline Markdown text, safe mid-line and at the start of a line or block: every punctuation mark
 * CommonMark (or GFM) could act on is backslash-escaped (`#` too, or a title ending in " #" would
 * lose it as a heading's closing sequence), a leading "-", "+", ">", "=" or "1." is escaped so the
 * text never opens a list, quote or heading, leading blanks (which would make code) are dropped,
 * and raw HTML is neutralised.
 */
export function escapeMarkdownInline(text: string): string {
  return oneLine(text)
    .replace(/^[ \t]+/, "")
    .replace(/[\\`*_[\]|~!#]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/^([-+>=])|^(\d{1,9})([.)])/, (_m, mark: string | undefined, digits: string, dot: string) => (mark ? `\\${mark}` : `${digits}\\${dot}`));
}

/** Plain text (a quote as the reader saw it) over several lines: each line is inline text, so nothing in it becomes Markdown. */
export function escapeMarkdownText(text: string): string {
  return text.split(/\r\n|\r|\n/).map(escapeMarkdownInline).join("\n");
}

/**
 * A Markdown body (the app's bodies are Markdown): kept as Markdown, but raw HTML is neutralised
 * (`<` → `&lt;`, `&name;` → `&amp;name;`) so no renderer, even one that allows HTML, runs it. Code
 * spans and fenced code are copied as they are (there `&lt;` would show literally, and code is
 * never HTML), and a fence left open is closed, so the body cannot swallow what follows it.
 */
export function neutraliseMarkdownHtml(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let fence: { char: string; length: number } | null = null;
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.length) out.push(neutraliseOutsideCodeSpans(prose.join("\n")));
    prose = [];
  };
  for (const line of lines) {
    if (fence) {
      out.push(line);
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = null;
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open && !(open[1]![0] === "`" && open[2]!.includes("`"))) {
      flushProse();
      out.push(line);
      fence = { char: open[1]![0]!, length: open[1]!.length };
      continue;
    }
    prose.push(line);
  }
  flushProse();
  if (fence) out.push(fence.char.repeat(fence.length));
  return out.join("\n");
}

/**
 * Neutralises HTML in prose, leaving `code spans` alone: a backtick run opens a span closed by the
 * next run of the same length in the same paragraph. Linear: each run's next same-length run is
 * found in one backward pass (a search per run would be quadratic on crafted text).
 */
function neutraliseOutsideCodeSpans(text: string): string {
  const neutralise = (s: string) => s.replace(/&(?=[#A-Za-z0-9]+;)/g, "&amp;").replace(/</g, "&lt;");
  const starts: number[] = [];
  const lengths: number[] = [];
  const paragraphs: number[] = []; // how many blank lines come before the run: a span never crosses one
  const blank = /\n[ \t]*\n/g;
  let blanks = 0;
  let nextBlank = blank.exec(text);
  for (const run of text.matchAll(/`+/g)) {
    while (nextBlank && nextBlank.index < run.index) {
      blanks++;
      nextBlank = blank.exec(text);
    }
    starts.push(run.index);
    lengths.push(run[0].length);
    paragraphs.push(blanks);
  }
  const nextSame: number[] = new Array<number>(starts.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let r = starts.length - 1; r >= 0; r--) {
    nextSame[r] = lastOfLength.get(lengths[r]!) ?? -1;
    lastOfLength.set(lengths[r]!, r);
  }
  let out = "";
  let copied = 0;
  for (let r = 0; r < starts.length; r++) {
    let backslashes = 0;
    for (let i = starts[r]! - 1; i >= 0 && text[i] === "\\"; i--) backslashes++;
    const close = nextSame[r]!;
    if (backslashes % 2 === 1 || close < 0 || paragraphs[close] !== paragraphs[r]) continue;
    const end = starts[close]! + lengths[close]!;
    out += neutralise(text.slice(copied, starts[r])) + text.slice(starts[r], end);
    copied = end;
    r = close;
  }
  return out + neutralise(text.slice(copied));
}

/** Collapses line breaks (and the odd Unicode separators) to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, " ");
}

/**
 * Argdown statement text: every ASCII punctuation character is backslash
 * escaped, which the Argdown lexer turns back into the plain character.
 * Line breaks cannot be represented and become spaces.
 */
export function escapeArgdownText(text: string): string {
  return oneLine(text).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/**
 * Argdown titles ([Title], <Title>) cannot be escaped: brackets and line
 * breaks are replaced, whitespace collapsed, length capped.
 */
export function argdownTitle(text: string, max = 60): string {
  const t = oneLine(text)
    .replace(/[[\]<>{}]/g, (c) => ({ "[": "(", "]": ")", "<": "(", ">": ")", "{": "(", "}": ")" })[c]!)
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
  return clip(t, max);
}

/**
 * JSON for embedding inside another syntax (Argdown {…} data, front matter,
 * Kialo data): single line, and braces, '=' and '<' written as \u escapes so
 * the host lexer never sees a structural character inside a string.
 */
export function embeddedJson(value: unknown): string {
  const json = JSON.stringify(value);
  // Copies the safe stretches whole: one += per character made long bodies slow.
  let out = "";
  let copied = 0;
  let inside = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inside && c === 92 /* \ */) i++;
    else if (c === 34 /* " */) inside = !inside;
    else if (inside && EMBED_UNSAFE.has(c)) {
      out += json.slice(copied, i) + "\\u" + c.toString(16).padStart(4, "0");
      copied = i + 1;
    }
  }
  return copied === 0 ? json : out + json.slice(copied);
}
const EMBED_UNSAFE = new Set(["{", "}", "=", "<", ">", "\u2028", "\u2029"].map((c) => c.charCodeAt(0)));

/** DOT double-quoted string content. */
export function escapeDot(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r\n|[\r\n]/g, "\\n");
}

/** Kialo claim text: one line; backslash and line breaks escaped as \\ and \n. */
export function escapeKialo(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\r\n|\n|\r/g, "\\n");
}

/**
 * Undoes escapeKialo, and the Markdown escapes Kialo's own exports write
 * (`\(`, `\*`, `\[` …): one pass, so our `\\(` still reads as a backslash then "(".
 */
export function unescapeKialo(text: string): string {
  return text.replace(/\\([\\n()[\]{}*_#>`~+\-.!|<])/g, (_m, c: string) => (c === "n" ? "\n" : c));
}

/** First `max` characters of text on one line, for labels. */
export function shorten(text: string, max: number): string {
  return clip(oneLine(text).replace(/\s+/g, " ").trim(), max);
}


/** Only these URL schemes become live links; anything else (javascript:, data:) is shown as inert text. */
export function isSafeUrl(url: string): boolean {
  return /^(https?:|mailto:)/i.test(url.trim());
}
