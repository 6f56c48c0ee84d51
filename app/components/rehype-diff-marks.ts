import { DIFF_MARKS, splitMarked, stripDiffMarks, type DiffMarkState } from "@/lib/domain/debate/diff-markdown";

// A rehype plugin for Markdown written by diffAsMarkdown: the text between the marks
// becomes <ins>/<del> (a change spanning elements is marked in each of them), and the
// marks are removed from attributes (a changed link keeps a clean URL).

interface HastText { type: "text"; value: string }
interface HastElement { type: "element"; tagName: string; properties?: Record<string, unknown>; children: HastNode[] }
type HastNode = HastText | HastElement | { type: string; children?: HastNode[]; value?: string };

const ANY_MARK = new RegExp(`[${Object.values(DIFF_MARKS).join("")}]`);

function cleanProperties(properties: Record<string, unknown> | undefined) {
  if (!properties) return;
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value === "string" && ANY_MARK.test(value)) properties[key] = stripDiffMarks(value);
    else if (Array.isArray(value)) properties[key] = value.map((v) => (typeof v === "string" ? stripDiffMarks(v) : v));
  }
}

export function rehypeDiffMarks() {
  return (tree: HastNode) => {
    let state: DiffMarkState = "same";
    const walk = (node: HastNode) => {
      if (!("children" in node) || !node.children) return;
      if (node.type === "element") cleanProperties((node as HastElement).properties);
      const out: HastNode[] = [];
      for (const child of node.children) {
        if (child.type !== "text") {
          walk(child);
          out.push(child);
          continue;
        }
        const split = splitMarked((child as HastText).value, state);
        state = split.state;
        for (const segment of split.segments) {
          const text: HastText = { type: "text", value: segment.text };
          if (segment.state === "same" || segment.text.trim() === "") out.push(text);
          else out.push({ type: "element", tagName: segment.state === "added" ? "ins" : "del", properties: {}, children: [text] });
        }
      }
      node.children = out;
    };
    walk(tree);
  };
}
