import ReactMarkdown, { defaultUrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import rehypeKatex, { type Options as KatexOptions } from "rehype-katex";
import { diffAsMarkdown } from "@/lib/domain/debate/diff-markdown";
import { remarkDollarAmounts, remarkMathDiffMarks, remarkMathOptions } from "@/lib/domain/debate/markdown-math";
import type { DiffPart } from "@/lib/domain/debate/version-diff";
import type { PluggableList } from "unified";
import { rehypeDiffMarks } from "./rehype-diff-marks";

// KaTeX never trusts the formula: no \href/\url links, \htmlClass and the like
// (trust: false). A formula it cannot typeset shows its source in red (rehype-katex
// catches the error) instead of failing the page.
const katexOptions: KatexOptions = { trust: false, strict: "ignore", output: "htmlAndMathml" };

const remarkPlugins: PluggableList = [remarkGfm, [remarkMath, remarkMathOptions], remarkDollarAmounts];
const remarkDiffPlugins: PluggableList = [...remarkPlugins, remarkMathDiffMarks];
const rehypePlugins: PluggableList = [[rehypeKatex, katexOptions]];
// Marks first: a formula inside a change is typeset whole, after its text was marked.
const rehypeDiffPlugins: PluggableList = [rehypeDiffMarks, ...rehypePlugins];

// User Markdown is rendered without raw HTML (skipHtml), and every URL goes
// through react-markdown's allowlist (http, https, mailto, relative), so
// `javascript:` links and event-handler attributes cannot reach the page.
// Both run after the rehype plugins, over KaTeX's output too: KaTeX builds
// elements (never raw HTML), so it survives skipHtml, and the user's own HTML,
// formulas or not, does not (tests/unit/domain/markdown-math.test.ts).
export function Markdown({ text, diff }: { text: string; diff?: readonly DiffPart[] }) {
  return (
    <div className={diff ? "markdown diff" : "markdown"}>
      <ReactMarkdown
        remarkPlugins={(diff ? remarkDiffPlugins : remarkPlugins)}
        rehypePlugins={(diff ? rehypeDiffPlugins : rehypePlugins)}
        skipHtml
        urlTransform={(url) => defaultUrlTransform(url)}
        components={{
          a: ({ href, children }) => (
            <a href={href} rel="noopener noreferrer nofollow ugc" target="_blank">
              {children}
            </a>
          ),
          img: ({ alt }) => <span className="muted">[image: {alt}]</span>,
        }}
      >
        {diff ? diffAsMarkdown(diff) : text}
      </ReactMarkdown>
    </div>
  );
}
