// Quote-replies quote what a reader sees, not the Markdown behind it. A node's
// quotable text is the plain text of its Markdown, parsed by the same parser the
// page renders with (remark + GFM, as react-markdown in app/components/Markdown.tsx),
// with every run of whitespace made one space. Quote offsets index that text, so
// selecting "every **ninety** days" in the page quotes "every ninety days" and the
// server can still verify the quote strictly. Pure: used by the browser to locate a
// selection and by the service to verify it.
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import type { Nodes } from "mdast";
import { remarkDollarAmounts, remarkMathOptions } from "@/lib/domain/debate/markdown-math";

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMath, remarkMathOptions);
const dollarAmounts = remarkDollarAmounts();

// Block-level nodes: a line break in the rendered page (and in a selection's text).
const BLOCKS = new Set(["paragraph", "heading", "blockquote", "list", "listItem", "code", "table", "tableRow", "tableCell", "thematicBreak"]);

/** Collapses every run of whitespace to one space and trims, as the quote is compared. */
export function normalizeQuoteText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function plainText(node: Nodes, out: string[]): void {
  switch (node.type) {
    case "text":
    case "inlineCode":
    case "code":
      out.push(node.value);
      return;
    // A formula is quoted as its TeX source between dollars; the browser reads the
    // same source out of KaTeX's annotation (app/components/selection-text.ts).
    case "inlineMath":
      out.push(`$${node.value}$`);
      return;
    case "math":
      out.push(`\n$$${node.value}$$\n`);
      return;
    case "break":
      out.push("\n");
      return;
    // Markdown.tsx renders images as "[image: alt]" and drops raw HTML (skipHtml).
    case "image":
    case "imageReference":
      out.push(`[image: ${node.alt ?? ""}]`);
      return;
    case "html":
    case "definition":
    case "footnoteDefinition":
    case "footnoteReference":
      return;
  }
  if (!("children" in node)) return;
  const block = BLOCKS.has(node.type);
  if (block) out.push("\n");
  for (const child of node.children) plainText(child as Nodes, out);
  if (block) out.push("\n");
}

/** The text a reader sees in `markdown`, whitespace normalised: what quote offsets index. */
export function quotableText(markdown: string): string {
  const out: string[] = [];
  const tree = parser.parse(markdown);
  dollarAmounts(tree, { value: markdown });
  plainText(tree, out);
  return normalizeQuoteText(out.join(""));
}

export interface Quote {
  text: string;
  start: number;
  end: number;
}

/** Finds a selected passage (as the browser gives it) in the node's text; null when it is not there. */
export function locateQuote(markdown: string, selection: string): Quote | null {
  const text = normalizeQuoteText(selection);
  if (!text) return null;
  const start = quotableText(markdown).indexOf(text);
  return start < 0 ? null : { text, start, end: start + text.length };
}

/** Strict check: the quote is exactly the node's quotable text between its offsets. */
export function quoteMatches(markdown: string, quote: Quote): boolean {
  return quote.end - quote.start === quote.text.length && quotableText(markdown).slice(quote.start, quote.end) === quote.text;
}
