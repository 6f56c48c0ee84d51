import ReactMarkdown, { defaultUrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";
import { diffAsMarkdown } from "@/lib/domain/debate/diff-markdown";
import type { DiffPart } from "@/lib/domain/debate/version-diff";
import { rehypeDiffMarks } from "./rehype-diff-marks";

const noPlugins: never[] = [];
const diffPlugins = [rehypeDiffMarks];

// User Markdown is rendered without raw HTML (skipHtml), and every URL goes
// through react-markdown's allowlist (http, https, mailto, relative), so
// `javascript:` links and event-handler attributes cannot reach the page.
export function Markdown({ text, diff }: { text: string; diff?: readonly DiffPart[] }) {
  return (
    <div className={diff ? "markdown diff" : "markdown"}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={diff ? diffPlugins : noPlugins}
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
