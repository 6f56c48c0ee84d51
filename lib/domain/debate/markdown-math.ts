// Formulas in debate text: `$…$` inline and `$$…$$` (inline or as its own block),
// parsed by remark-math for both the page's renderer (app/components/Markdown.tsx)
// and the quotable text (quote.ts), so what is rendered and what is quoted agree.
//
// `$` is also money. remark-math pairs any two single dollars, so "costs $5 and $10"
// would become the formula "5 and ". remarkDollarAmounts undoes a single-dollar
// formula that does not look like one, by Pandoc's rule: the opening `$` is followed
// by a non-space, the closing `$` follows a non-space and is not followed by a digit.
// A writer who needs a literal dollar next to a formula writes `\$` (docs/formats.md).
import type { Root, RootContent, Text } from "mdast";
import type { Options as RemarkMathOptions } from "remark-math";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { DIFF_MARKS, splitMarked } from "@/lib/domain/debate/diff-markdown";

export const remarkMathOptions: RemarkMathOptions = { singleDollarTextMath: true };

const mathParser = unified().use(remarkParse).use(remarkGfm).use(remarkMath, remarkMathOptions);

const SPACE = /\s/;
const DIGIT = /[0-9]/;
const MARK_CLASS = `[${Object.values(DIFF_MARKS).join("")}]`;
const HAS_MARK = new RegExp(MARK_CLASS);
const EVERY_MARK = new RegExp(MARK_CLASS, "g");

/** True when source[start, end) is `$…$` written the way money is, not a formula. */
function looksLikeMoney(source: string, start: number, end: number): boolean {
  if (source[start] !== "$" || source[start + 1] === "$") return false;
  const afterOpen = source[start + 1] ?? "";
  const beforeClose = source[end - 2] ?? "";
  const afterClose = source[end] ?? "";
  return SPACE.test(afterOpen) || SPACE.test(beforeClose) || DIGIT.test(afterClose);
}

type Parent = { children: RootContent[] };

function visitParents(node: Parent, visit: (parent: Parent) => void): void {
  visit(node);
  for (const child of node.children) if ("children" in child) visitParents(child as Parent, visit);
}

/** remark plugin (after remark-math): single-dollar "formulas" that are amounts of money go back to text. */
export function remarkDollarAmounts() {
  return (tree: Root, file: { value?: unknown }) => {
    const source = typeof file.value === "string" ? file.value : String(file.value ?? "");
    visitParents(tree, (parent) => {
      parent.children = parent.children.map((child): RootContent => {
        if (child.type !== "inlineMath" || !child.position) return child;
        const start = child.position.start.offset;
        const end = child.position.end.offset;
        if (start === undefined || end === undefined || !looksLikeMoney(source, start, end)) return child;
        const text: Text = { type: "text", value: source.slice(start, end), position: child.position };
        return text;
      });
    });
  };
}

/** remark-math keeps the formula's text in the hast it prescribes too (data.hChildren); a copy with `text` there. */
function withText<T>(data: T, text: string): T {
  const copy = structuredClone(data);
  const replace = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as { type?: string; value?: string; children?: unknown[]; hChildren?: unknown[] };
    if (n.type === "text") n.value = text;
    for (const child of n.children ?? n.hChildren ?? []) replace(child);
  };
  replace(copy);
  return copy;
}

/**
 * remark plugin for version diffs (diff-markdown.ts): a formula with change marks
 * inside cannot be typeset with them. It shows its new text, and the marks move
 * into a text node just before it, so the changes after it are still marked right.
 */
export function remarkMathDiffMarks() {
  return (tree: Root) => {
    visitParents(tree, (parent) => {
      parent.children = parent.children.flatMap((child): RootContent[] => {
        if ((child.type !== "inlineMath" && child.type !== "math") || !HAS_MARK.test(child.value)) return [child];
        const marks = child.value.match(EVERY_MARK)!.join("");
        const newText = splitMarked(child.value, "same").segments.filter((s) => s.state !== "removed").map((s) => s.text).join("");
        const updated = { ...child, value: newText, data: withText(child.data, newText) };
        if (child.type === "math") return [{ type: "paragraph", children: [{ type: "text", value: marks }] }, updated];
        return [{ type: "text", value: marks }, updated];
      });
    });
  };
}

/** [start, end) offsets of the formulas in `markdown` (money excluded), in order; [] without a `$`. */
export function formulaSpans(markdown: string): Array<[number, number]> {
  if (!markdown.includes("$")) return [];
  const tree = mathParser.parse(markdown);
  remarkDollarAmounts()(tree, { value: markdown });
  const spans: Array<[number, number]> = [];
  const walk = (node: Root | RootContent) => {
    if ((node.type === "inlineMath" || node.type === "math") && node.position) {
      spans.push([node.position.start.offset ?? 0, node.position.end.offset ?? 0]);
      return;
    }
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return spans;
}
