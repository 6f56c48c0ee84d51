// The Markdown export read back by a CommonMark parser (mdast-util-from-markdown over micromark,
// plain and with GFM): headings, the nesting of the tree, quotes and user text with Markdown-special
// characters come out as the structure we meant, never as headings, lists or HTML by accident.
import fc from "fast-check";
import type { Blockquote, List, ListItem, Nodes, Paragraph, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { toString } from "mdast-util-to-string";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import type { DebateDocument, NodeRecord } from "@/lib/formats/document";
import { MARKDOWN_MAX_LIST_DEPTH } from "@/lib/formats/export/markdown";
import { SIDE_LABEL } from "@/lib/formats/semantics";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { debateDocumentArb } from "./arbitraries";
import { exportText, preorder } from "./helpers";

const commonmark = (md: string): Root => fromMarkdown(md);
const withGfm = (md: string): Root => fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });

const TRICKY_TITLES = [
  "# Not a heading",
  "1. Not a list",
  "2) Not a list either",
  "- not a bullet",
  "+ not a bullet",
  "> not a quote",
  "Ends with a hash #",
  "===",
  "*stars* _under_ `code` [link](https://x.example) ![img](y) <b>html</b> &amp; &copy; back\\slash | pipe ~~strike~~",
  "    indented like code",
];

/** A debate whose titles, names, quotes and bodies are full of Markdown syntax. */
function trickyDocument(): DebateDocument {
  const doc = structuredClone(demoDocument);
  doc.debate.title = "Title # with *stars* and <tags> #";
  doc.participants[0]!.displayName = "- Ada #1 *the* [builder]";
  const nodes = preorder(doc).filter((n) => !n.retractedAt);
  nodes.forEach((n, i) => (n.title = TRICKY_TITLES[i % TRICKY_TITLES.length]!));
  const byRef = new Map(doc.nodes.map((n) => [n.ref, n]));
  for (const n of doc.nodes) n.quote = null;
  const child = doc.nodes.find((n) => n.parentRef !== null && doc.nodes.some((c) => c.parentRef === n.ref))!;
  child.quote = { text: "# looks like a heading - and 1. a list > and a quote <b>", start: 0, end: 10 };
  child.body = "Plain *emphasis* and `a<b && c` code.\n\n- one\n- two";
  // A fence left open must not swallow the moves below it.
  byRef.get(doc.nodes[0]!.ref)!.body = "Before the code:\n\n```js\nconst open = 1 < 2;";
  const leaf = doc.nodes.find((n) => !doc.nodes.some((c) => c.parentRef === n.ref))!;
  leaf.body = "<script>alert(1)</script> & &amp; plain";
  return doc;
}

interface TreeItem {
  item: ListItem;
  depth: number;
}

const BADGE = new RegExp(`^(${Object.values(SIDE_LABEL).join("|")}) · `);

/** The tree's items in reading order with their nesting (list items of bodies are skipped). */
function treeItems(root: Root): TreeItem[] {
  const start = root.children.findIndex((n) => n.type === "heading" && toString(n) === "Debate tree");
  const list = root.children[start + 1] as List;
  expect(list.type).toBe("list");
  const out: TreeItem[] = [];
  const visit = (node: Nodes, depth: number) => {
    let next = depth;
    if (node.type === "listItem" && isTreeItem(node)) {
      out.push({ item: node, depth });
      next = depth + 1;
    }
    if ("children" in node) for (const c of node.children as Nodes[]) visit(c, next);
  };
  visit(list, 0);
  return out;
}

function isTreeItem(item: ListItem): boolean {
  const first = item.children[0];
  return first?.type === "paragraph" && first.children[0]?.type === "strong" && BADGE.test(toString(first.children[0]));
}

/** The title as the badge line shows it: after " — ". */
function shownTitle(item: ListItem): string {
  const line = toString(item.children[0] as Paragraph);
  const at = line.indexOf(" — ");
  return at < 0 ? "" : line.slice(at + 3);
}

function all(root: Nodes, type: string): Nodes[] {
  const found: Nodes[] = [];
  const walk = (n: Nodes) => {
    if (n.type === type) found.push(n);
    if ("children" in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(root);
  return found;
}

function depthOf(node: NodeRecord, byRef: Map<string, NodeRecord>): number {
  let depth = 0;
  for (let p = node.parentRef; p; p = byRef.get(p)!.parentRef) depth++;
  return depth;
}

/** What a reader sees of inline text: one line, blanks at the ends dropped. */
const asShown = (text: string) => text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, " ").replace(/^[ \t]+|[ \t]+$/g, "");

describe("Markdown export, read by a CommonMark parser", () => {
  const doc = trickyDocument();
  const nodes = preorder(doc);
  const byRef = new Map(nodes.map((n) => [n.ref, n]));

  for (const [name, parse] of [["CommonMark", commonmark], ["GFM", withGfm]] as const) {
    it(`${name}: one title heading and only our section headings; no raw HTML anywhere`, async () => {
      const tree = parse(await exportText(doc, "markdown"));
      const headings = all(tree, "heading");
      expect(headings.map((h) => [(h as { depth: number }).depth, toString(h)])).toEqual([
        [1, doc.debate.title],
        [2, "Proposal versions"],
        [2, "Debate tree"],
      ]);
      expect(all(tree, "html")).toEqual([]);
    });

    it(`${name}: every move is one list item, nested as in the debate, its title shown exactly`, async () => {
      const items = treeItems(parse(await exportText(doc, "markdown")));
      expect(items).toHaveLength(nodes.length);
      items.forEach(({ item, depth }, i) => {
        const node = nodes[i]!;
        expect(depth).toBe(depthOf(node, byRef));
        if (!node.retractedAt) expect(shownTitle(item)).toBe(node.title.trim());
      });
    });
  }

  it("the quote is one blockquote holding exactly the quoted text", async () => {
    const items = treeItems(commonmark(await exportText(doc, "markdown")));
    const index = nodes.findIndex((n) => n.quote);
    const quote = items[index]!.item.children[1] as Blockquote;
    expect(quote.type).toBe("blockquote");
    expect(toString(quote)).toBe(nodes[index]!.quote!.text);
    expect(quote.children.map((c) => c.type)).toEqual(["paragraph"]);
  });

  it("bodies stay Markdown: emphasis, lists and code survive, code keeps its '<' and '&', an open fence closes inside its move", async () => {
    const md = await exportText(doc, "markdown");
    const items = treeItems(commonmark(md));
    const quoted = items[nodes.findIndex((n) => n.quote)]!.item;
    expect(quoted.children.map((c) => c.type).slice(0, 4)).toEqual(["paragraph", "blockquote", "paragraph", "list"]);
    expect(all(quoted.children[2]!, "emphasis").map((n) => toString(n))).toEqual(["emphasis"]);
    expect(all(quoted.children[2]!, "inlineCode").map((c) => (c as { value: string }).value)).toEqual(["a<b && c"]);
    const root = items[0]!.item;
    const code = all(root, "code")[0] as { value: string; lang: string };
    expect(code).toMatchObject({ value: "const open = 1 < 2;", lang: "js" });
    // The proposal's replies are still list items of their own, not code.
    expect(items.filter((i) => i.depth === 1).length).toBe(nodes.filter((n) => n.parentRef === nodes[0]!.ref).length);
    const leaf = items[nodes.findIndex((n) => n.body.startsWith("<script>"))]!.item;
    expect(toString(leaf.children[1]!)).toBe("<script>alert(1)</script> & &amp; plain");
  });

  it("a body of backtick runs that never close costs linear time (a search per run would take minutes here)", async () => {
    const crafted = structuredClone(demoDocument);
    let body = "";
    for (let k = 1; k < 2_500; k++) body += `${"`".repeat(k)} a<b `;
    crafted.nodes[0]!.body = body;
    const started = performance.now();
    const md = await exportText(crafted, "markdown");
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(md).toContain("a&lt;b");
  });

  it("names and the meta line are text: the participants line shows each name exactly", async () => {
    const tree = commonmark(await exportText(doc, "markdown"));
    const line = tree.children.map((c) => toString(c)).find((t) => t.startsWith("Participants:"))!;
    for (const p of doc.participants) expect(line).toContain(`${p.displayName} (${SIDE_LABEL[p.side]})`);
  });

  it("generated debates (hostile text in every field): the tree keeps its shape and titles under both parsers", async () => {
    await fc.assert(
      fc.asyncProperty(debateDocumentArb(), async (generated) => {
        const md = await exportText(generated, "markdown");
        const order = preorder(generated);
        const refs = new Map(order.map((n) => [n.ref, n]));
        for (const parse of [commonmark, withGfm]) {
          const items = treeItems(parse(md));
          expect(items).toHaveLength(order.length);
          items.forEach(({ item, depth }, i) => {
            const node = order[i]!;
            expect(depth).toBe(Math.min(depthOf(node, refs), MARKDOWN_MAX_LIST_DEPTH));
            if (!node.retractedAt) expect(shownTitle(item)).toBe(asShown(node.title.trim()).replace(/\0/g, "\uFFFD"));
          });
        }
      }),
      { numRuns: 40, seed: 15 },
    );
  });
});
