// A pasted discussion thread (plain text or Markdown) as candidate moves.
// Paragraphs (blocks between blank lines) are the moves; the first is the
// proposal. An author line ("Ana:", "**Ana**", "## Ana", "Ana wrote:") names
// the author of the paragraphs below it; a `---` line ends a comment. Text with
// no blank line at all (a thread copied from a web page, where each paragraph is
// one line) has one paragraph per line. A `>`
// quote block belongs to the paragraph right after it; that paragraph (or one
// with an inline quotation in “…” or "…" of three words or more) replies to
// the earlier paragraph whose text holds the quotation verbatim, with the quote
// anchored as for quote-replies (offsets in the parent's quotable text, checked
// with the same rule the server uses). Every other paragraph answers the
// proposal. Nothing here is final: the import page shows this tree for review.
// Linear: earlier paragraphs are indexed by their word triples, so finding a
// quotation looks at the few places where its first three words occur.

import { normalizeQuoteText, quotableText } from "@/lib/domain/debate/quote";
import type { DebateDocument } from "../document";
import { FormatError } from "../errors";
import { resolveLimits } from "../limits";
import { STEP_EVERY, type Steps } from "../steps";
import { checkInputSizeSteps, splitLinesSteps, type ImportOptions } from "./common";
import { graphToDocument, type GraphRelation, type GraphStatement } from "./graph";

const AUTHOR_LINE = [
  /^#{1,6}[ \t]+(.{1,60}?)[ \t]*:?[ \t]*$/u, // ## Ana
  /^(?:\*\*|__)(.{1,60}?)(?:\*\*|__)[ \t]*(?:(?:wrote|said|replied|writes|says)[ \t]*)?:?[ \t]*$/u, // **Ana** / **Ana** wrote:
  /^@?([\p{Lu}@][\p{L}\p{N}._'-]*(?:[ \t][\p{L}\p{N}._'-]+){0,2})[ \t]+(?:wrote|said|replied|writes|says)[ \t]*:?[ \t]*$/u, // Ana wrote:
  /^@?([\p{Lu}@][\p{L}\p{N}._'-]*(?:[ \t][\p{L}\p{N}._'-]+){0,2}):[ \t]*$/u, // Ana:
];
const BREAK = /^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$/;
const INLINE_QUOTE = /“([^”\n]+)”|"([^"\n]+)"/g;
const MIN_INLINE_WORDS = 3;

interface Paragraph {
  text: string;
  line: number;
  author: string | null;
  quote: string | null;
  quoteLine: number;
}

export function* importThreadSteps(text: string, options: ImportOptions = {}): Steps<DebateDocument> {
  const limits = resolveLimits(options.limits);
  yield* checkInputSizeSteps(text, limits);
  const now = (options.now ?? new Date()).toISOString();
  const report = options.report;
  const lines = yield* splitLinesSteps(text);
  const linePerParagraph = !hasBlankLineBetweenText(lines);

  const paragraphs: Paragraph[] = [];
  let author: string | null = null;
  let quoteLines: string[] = [];
  let quoteLine = 0;
  let body: string[] = [];
  let bodyLine = 0;
  const endBlock = () => {
    if (body.length) {
      paragraphs.push({ text: body.join("\n").trim(), line: bodyLine, author, quote: quoteLines.length ? quoteLines.join(" ") : null, quoteLine });
      quoteLines = [];
    }
    body = [];
  };
  for (let i = 0; i < lines.length; i++) {
    if (i % STEP_EVERY === 0) yield;
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed === "") {
      endBlock();
      continue;
    }
    if (BREAK.test(raw)) {
      endBlock();
      quoteLines = [];
      author = null;
      continue;
    }
    if (body.length === 0 && quoteLines.length === 0) {
      const named = authorOf(trimmed);
      if (named !== null) {
        author = named;
        continue;
      }
    }
    if (body.length === 0 && trimmed.startsWith(">")) {
      if (quoteLines.length === 0) quoteLine = i + 1;
      quoteLines.push(trimmed.replace(/^(?:>[ \t]?)+/, ""));
      continue;
    }
    if (body.length === 0) bodyLine = i + 1;
    body.push(raw);
    if (linePerParagraph) endBlock();
  }
  endBlock();
  if (paragraphs.length === 0) throw new FormatError("SYNTAX", "no text to import", { line: 1, column: 1 }, "the text of a discussion: paragraphs separated by blank lines");
  if (paragraphs.length > limits.maxNodes) throw new FormatError("TOO_MANY_NODES", `${paragraphs.length} paragraphs`, { line: paragraphs[limits.maxNodes]!.line, column: 1 }, `at most ${limits.maxNodes} moves`);

  const statements: GraphStatement[] = [];
  const relations: GraphRelation[] = [];
  const names = new Map<string, string>();
  const refOfAuthor = (name: string) => {
    const ref = `thread-${name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 80)}`;
    if (!names.has(ref)) names.set(ref, name);
    return ref;
  };
  // Word-triple index of the paragraphs read so far: "first second third" → [paragraph, offset in its quotable text].
  const index = new Map<string, number[]>();
  const quotable: string[] = [];
  let anchored = 0;
  let unmatched = 0;

  for (let p = 0; p < paragraphs.length; p++) {
    if (p % 64 === 0) yield;
    const para = paragraphs[p]!;
    const id = `p${p}`;
    let bodyText = para.text;
    let parent: number | null = null;
    let quote: { text: string; start: number; end: number } | null = null;
    if (p > 0) {
      const candidates = para.quote !== null ? [para.quote] : inlineQuotes(para.text);
      for (const candidate of candidates) {
        const found = findQuote(normalizeQuoteText(stripMarkdownQuote(candidate)), index, quotable);
        if (found) {
          parent = found.paragraph;
          quote = found.quote;
          break;
        }
      }
      if (quote) anchored++;
      else if (para.quote !== null) {
        unmatched++;
        bodyText = `> ${para.quote}\n\n${bodyText}`; // kept in the text rather than lost
      }
    }
    statements.push({ id, text: bodyText, line: para.line, authorRef: para.author ? refOfAuthor(para.author) : undefined, quote, createdAt: now });
    if (p > 0) relations.push({ from: id, to: `p${parent ?? 0}`, type: "reply" });
    const plain = quotableText(bodyText);
    quotable.push(plain);
    for (const [key, offset] of wordTriples(plain)) {
      const list = index.get(key);
      if (list) {
        if (list.length < 2 * 64) list.push(p, offset);
      } else index.set(key, [p, offset]);
    }
  }
  report?.note("quotesAnchored", anchored);
  report?.note("quotesUnmatched", unmatched);
  const first = paragraphs[0]!.text.split("\n")[0]!.replace(/^[#>*\s]+/, "");
  return yield* graphToDocument(
    { title: first.length > 100 ? `${first.slice(0, 99)}…` : first, context: "", rootId: "p0", statements, relations, participants: [], authorNames: names },
    { now, limits, report },
  );
}

/** Whether a blank line separates two lines of text (leading and trailing blank lines do not count). */
function hasBlankLineBetweenText(lines: string[]): boolean {
  let seenText = false;
  let blankAfterText = false;
  for (const line of lines) {
    if (line.trim() === "") blankAfterText = seenText;
    else if (blankAfterText) return true;
    else seenText = true;
  }
  return false;
}

function authorOf(line: string): string | null {
  if (line.length > 80) return null;
  for (const pattern of AUTHOR_LINE) {
    const m = pattern.exec(line);
    if (m) return m[1]!.replace(/^@/, "").trim() || null;
  }
  return null;
}

function stripMarkdownQuote(text: string): string {
  return text.replace(/^\s*(?:\*\*)?[^:\n]{1,40}? wrote:(?:\*\*)?\s*/i, "");
}

function inlineQuotes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(INLINE_QUOTE)) {
    const q = (m[1] ?? m[2])!.trim();
    if (q.split(/\s+/).length >= MIN_INLINE_WORDS) out.push(q);
  }
  return out;
}

/** A word without the punctuation around it ("“which" → "which", "bribes”," → "bribes"); empty for "+" or "—". */
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/**
 * Runs of three words (punctuation around words and punctuation-only tokens left out, so a
 * quotation matches the text it came from whatever quotation marks or commas surround it there),
 * each with the offset where its first word starts.
 */
function* wordTriples(text: string): Generator<[string, number]> {
  const words = wordsOf(text);
  for (let i = 0; i + 2 < words.length; i++) yield [`${words[i]![0]} ${words[i + 1]![0]} ${words[i + 2]![0]}`, words[i]![1]];
}

/** The words of a text (see EDGE_PUNCTUATION) with the offset of each word's first letter or digit. */
function wordsOf(text: string): [string, number][] {
  const words: [string, number][] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const word = m[0].replace(EDGE_PUNCTUATION, "");
    if (word) words.push([word, m.index + m[0].search(/[\p{L}\p{N}]/u)]);
  }
  return words;
}

/** The earliest earlier paragraph holding `quote` verbatim (quotable text, whitespace normalised), anchored. */
function findQuote(quote: string, index: Map<string, number[]>, quotable: string[]): { paragraph: number; quote: { text: string; start: number; end: number } } | null {
  const words = wordsOf(quote);
  if (words.length < MIN_INLINE_WORDS) {
    // Too short to index: look in each earlier paragraph is quadratic, so only whole short quotes of the nearest ten.
    for (let p = quotable.length - 1; p >= Math.max(0, quotable.length - 10); p--) {
      const start = quotable[p]!.indexOf(quote);
      if (start >= 0 && quote) return { paragraph: p, quote: { text: quote, start, end: start + quote.length } };
    }
    return null;
  }
  // The quotation starts this far before its first word (an opening bracket or mark it kept).
  const lead = words[0]![1];
  const hits = index.get(`${words[0]![0]} ${words[1]![0]} ${words[2]![0]}`) ?? [];
  for (let h = 0; h < hits.length; h += 2) {
    const p = hits[h]!;
    const start = hits[h + 1]! - lead;
    const found = { text: quote, start, end: start + quote.length };
    if (start >= 0 && quotable[p]!.startsWith(quote, start) && quoteMatchesPlain(quotable[p]!, found)) return { paragraph: p, quote: found };
  }
  return null;
}

function quoteMatchesPlain(plain: string, quote: { text: string; start: number; end: number }): boolean {
  return plain.slice(quote.start, quote.end) === quote.text;
}
