// Escaping helpers shared by the exporters. Every piece of user text passes
// through exactly one of these on its way into a format.
import { clip } from "@/lib/domain/text";
import { formulaSpans } from "@/lib/domain/debate/markdown-math";

/** XML/HTML text and attribute values. Also drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return stripXmlInvalid(text).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}
const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

// XML 1.0 allows #x9 #xA #xD, #x20-#xD7FF, #xE000-#xFFFD and astral planes;
// lone surrogates and control characters would make the document invalid.
export function stripXmlInvalid(text: string): string {
  return text.replace(
    /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g,
    "",
  );
}

/** Inline Markdown text: every punctuation mark CommonMark could act on is backslash-escaped, raw HTML is neutralised. */
export function escapeMarkdownInline(text: string): string {
  return oneLine(text)
    // Mid-line text: only the characters that start inline constructs need escaping.
    .replace(/[\\`*_[\]|~!]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;");
}

/**
 * A Markdown body (the app's bodies are Markdown): kept as Markdown, but raw
 * HTML is neutralised so no renderer, even one that allows HTML, runs it.
 */
export function neutraliseMarkdownHtml(text: string): string {
  // In a formula an entity would show as written, so `$p < q$` is exported as typed;
  // only a `<` that could open a tag there (for a renderer without math) is escaped.
  let out = "";
  let at = 0;
  for (const [start, end] of formulaSpans(text)) {
    out += neutraliseHtmlRun(text.slice(at, start)) + neutraliseHtmlRun(text.slice(start, end), TAG_OPEN);
    at = end;
  }
  return out + neutraliseHtmlRun(text.slice(at));
}

const ANY_LT = /</g;
const TAG_OPEN = /<(?=[A-Za-z/!?])/g;

function neutraliseHtmlRun(text: string, lessThan = ANY_LT): string {
  return text.replace(/&(?=[#A-Za-z0-9]+;)/g, "&amp;").replace(lessThan, "&lt;");
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
