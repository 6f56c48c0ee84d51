// `npx tsx scripts/measure-thread-attachment.ts [dir]` (default ../shared/seeds): runs the
// pasted-thread reader on every .txt/.md file of the directory (README.md excepted) and
// prints, per file and in total, the share of quoting paragraphs that the reader attached to
// the paragraph they quote. It judges on its own reading of the text, not the reader's:
// paragraphs are blocks between blank lines (every line, when the text has no blank line), a
// `>` block belongs to the paragraph after it, and a paragraph "quotes" when its `>` block or
// one of its inline quotations (“…” or "…", three words or more) appears verbatim (whitespace
// aside) in an earlier paragraph. It is attached when its parent in the imported tree is an
// earlier paragraph holding that quotation. Prints figures only, never the threads' text.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { NodeRecord } from "@/lib/formats/document";
import { importThread } from "@/lib/formats/import";

const INLINE_QUOTE = /“([^”\n]+)”|"([^"\n]+)"/g;
const squash = (s: string) => s.replace(/\s+/g, " ").trim();

interface Paragraph {
  text: string;
  quotes: string[];
}

function paragraphsOf(text: string): Paragraph[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n?|\n/);
  // No blank line between two lines of text: one paragraph per line.
  const first = lines.findIndex((l) => l.trim() !== "");
  const last = lines.findLastIndex((l) => l.trim() !== "");
  const byLine = !lines.slice(first, last + 1).some((l) => l.trim() === "");
  const out: Paragraph[] = [];
  let block: string[] = [];
  let quote: string[] = [];
  const end = () => {
    if (block.length) {
      const body = block.join("\n");
      const inline = [...body.matchAll(INLINE_QUOTE)].map((m) => squash(m[1] ?? m[2]!)).filter((q) => q.split(" ").length >= 3);
      out.push({ text: body, quotes: quote.length ? [squash(quote.join(" "))] : inline });
      quote = [];
    }
    block = [];
  };
  for (const line of lines) {
    const t = line.trim();
    if (t === "") end();
    else if (block.length === 0 && t.startsWith(">")) quote.push(t.replace(/^(?:>\s?)+/, ""));
    else {
      block.push(line);
      if (byLine) end();
    }
  }
  end();
  return out;
}

function measure(text: string) {
  const paragraphs = paragraphsOf(text);
  const doc = importThread(text, { now: new Date("2031-01-01T00:00:00.000Z") });
  // Reader nodes in paragraph order (refs s1, s2, … follow the paragraphs), matched by text.
  const nodes = [...doc.nodes].sort((a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)));
  const byRef = new Map(doc.nodes.map((n) => [n.ref, n]));
  const nodeOf: (NodeRecord | undefined)[] = [];
  let cursor = 0;
  for (const p of paragraphs) {
    const key = squash(p.text).slice(0, 60);
    let found: NodeRecord | undefined;
    for (let i = cursor; i < nodes.length; i++) {
      if (squash(nodes[i]!.body).includes(key)) {
        found = nodes[i];
        cursor = i + 1;
        break;
      }
    }
    nodeOf.push(found);
  }
  let quoting = 0;
  let attached = 0;
  for (let i = 1; i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    const earlier = (q: string) => paragraphs.slice(0, i).some((e) => squash(e.text).includes(q));
    const verbatim = p.quotes.filter(earlier);
    if (verbatim.length === 0) continue;
    quoting++;
    const node = nodeOf[i];
    const parent = node?.parentRef ? byRef.get(node.parentRef) : undefined;
    const parentIndex = parent ? nodeOf.indexOf(parent) : -1;
    if (parentIndex >= 0 && parentIndex < i && verbatim.some((q) => squash(paragraphs[parentIndex]!.text).includes(q))) attached++;
  }
  return { paragraphs: paragraphs.length, moves: doc.nodes.length, quoting, attached };
}

function main(): number {
  const dir = path.resolve(process.argv[2] ?? "../shared/seeds");
  const files = readdirSync(dir).filter((f) => /\.(txt|md)$/i.test(f) && f.toLowerCase() !== "readme.md").sort();
  if (files.length === 0) {
    console.error(`No .txt or .md files in ${dir}`);
    return 2;
  }
  const pct = (a: number, b: number) => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(1)}%`);
  const total = { paragraphs: 0, moves: 0, quoting: 0, attached: 0 };
  for (const file of files) {
    const r = measure(readFileSync(path.join(dir, file), "utf8"));
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
    console.log(`${file}: ${r.paragraphs} paragraphs, ${r.moves} moves; ${r.attached}/${r.quoting} quoting paragraphs attached to the paragraph they quote (${pct(r.attached, r.quoting)})`);
  }
  console.log(`total: ${total.paragraphs} paragraphs, ${total.moves} moves; ${total.attached}/${total.quoting} attached (${pct(total.attached, total.quoting)})`);
  return total.attached === total.quoting ? 0 : 1;
}

process.exitCode = main();
