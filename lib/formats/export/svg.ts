// SVG: a self-contained picture of the tree. Layout is a simple tidy tree
// (leaves in consecutive slots, parents centred over their children) computed
// here. No scripts, no external references; every text is XML-escaped.
// A picture of 100k boxes is useless and huge, so only the first
// `maxNodes` moves (pre-order, so whole top of the tree) are drawn, with a note.

import type { NodeRecord } from "../document";
import { escapeXml, shorten } from "../escape";
import { KIND_LABEL, SIDE_LABEL, nodeStatus } from "../semantics";
import { placeNodes, type DebateSource } from "../source";
import { SIDE_COLOURS } from "./style";

export interface SvgExportOptions {
  /** Draw at most this many nodes (default 400). */
  maxNodes?: number;
}

export const SVG_DEFAULT_MAX_NODES = 400;
const BOX_W = 220;
const BOX_H = 86;
const GAP_X = 24;
const GAP_Y = 46;
const MARGIN = 24;
const HEADER = 40;
const CHARS_PER_LINE = 34;

interface Placed {
  node: NodeRecord;
  parent: number; // index into the placed list, -1 for the root
  depth: number;
  dashed: boolean;
  x: number;
  children: number[];
}

export async function* exportSvg(source: DebateSource, options: SvgExportOptions = {}): AsyncGenerator<string> {
  const maxNodes = options.maxNodes ?? SVG_DEFAULT_MAX_NODES;
  const placed: Placed[] = [];
  const indexByRef = new Map<string, number>();
  let total = 0;
  for await (const { node, parent, depth } of placeNodes(source.nodes)) {
    total++;
    if (placed.length >= maxNodes) continue; // keep counting for the note
    const parentIndex = parent ? (indexByRef.get(parent.ref) ?? -2) : -1;
    if (parentIndex === -2) continue; // parent was cut off
    const dashed = node.prunedAt !== null || (parentIndex >= 0 && placed[parentIndex]!.dashed);
    indexByRef.set(node.ref, placed.length);
    if (parentIndex >= 0) placed[parentIndex]!.children.push(placed.length);
    placed.push({ node, parent: parentIndex, depth, dashed, x: 0, children: [] });
  }

  layoutTidy(placed);
  const maxDepth = placed.reduce((m, p) => Math.max(m, p.depth), 0);
  const maxX = placed.reduce((m, p) => Math.max(m, p.x), 0);
  const width = Math.max(2 * MARGIN + (maxX + 1) * (BOX_W + GAP_X) - GAP_X, 480);
  const height = 2 * MARGIN + HEADER + (maxDepth + 1) * (BOX_H + GAP_Y) - GAP_Y + (total > placed.length ? 30 : 0);
  const left = (p: Placed) => MARGIN + p.x * (BOX_W + GAP_X);
  const top = (p: Placed) => MARGIN + HEADER + p.depth * (BOX_H + GAP_Y);

  const title = escapeXml(shorten(source.debate.title, 140));
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">\n<title>${title}</title>\n<rect width="100%" height="100%" fill="#ffffff"/>\n<text x="${MARGIN}" y="${MARGIN + 16}" font-size="16" font-weight="bold">${title}</text>\n`;

  // Edges first so boxes paint over them.
  let edges = "";
  for (const p of placed) {
    if (p.parent < 0) continue;
    const q = placed[p.parent]!;
    const x1 = left(q) + BOX_W / 2;
    const y1 = top(q) + BOX_H;
    const x2 = left(p) + BOX_W / 2;
    const y2 = top(p);
    const midY = (y1 + y2) / 2;
    edges += `<path d="M${x1} ${y1} V${midY} H${x2} V${y2}" fill="none" stroke="${SIDE_COLOURS[p.node.side].stroke}" stroke-width="1.2"${p.dashed ? ' stroke-dasharray="5 4"' : ""}/>\n`;
  }
  yield edges;

  for (const p of placed) yield box(p, left(p), top(p));

  if (total > placed.length) {
    yield `<text x="${MARGIN}" y="${height - MARGIN + 6}" font-size="12" fill="#6b7280">Showing the first ${placed.length} of ${total} moves; export JSON or Markdown for the whole debate.</text>\n`;
  }
  yield "</svg>\n";
}

function box(p: Placed, x: number, y: number): string {
  const n = p.node;
  const colour = SIDE_COLOURS[n.side];
  const status = nodeStatus(n);
  const retracted = status === "retracted";
  const heading = `${SIDE_LABEL[n.side]} · ${KIND_LABEL[n.kind]}${status === "open" ? "" : ` · ${status}`}`;
  const lines = wrapLines(n.title.trim() || n.body, CHARS_PER_LINE, 4);
  let out = `<g>\n<title>${escapeXml(`${heading}\n${shorten(n.title ? `${n.title}: ${n.body}` : n.body, 400)}`)}</title>\n`;
  out += `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${retracted ? "#e5e7eb" : colour.fill}" stroke="${colour.stroke}" stroke-width="1.5"${p.dashed ? ' stroke-dasharray="6 4"' : ""}/>\n`;
  out += `<text x="${x + 8}" y="${y + 15}" font-weight="bold" fill="${colour.stroke}">${escapeXml(heading)}</text>\n`;
  lines.forEach((line, i) => {
    const ly = y + 32 + i * 13;
    out += `<text x="${x + 8}" y="${ly}" fill="${retracted ? "#6b7280" : "#111827"}">${escapeXml(line)}</text>\n`;
    // Retracted text is struck through with a drawn line (text-decoration is not reliable in SVG renderers).
    if (retracted) out += `<line x1="${x + 8}" y1="${ly - 4}" x2="${x + 8 + Math.min(line.length * 5.4, BOX_W - 16)}" y2="${ly - 4}" stroke="#6b7280"/>\n`;
  });
  if (n.resolutionMode === "EMPIRICAL") {
    const label = n.outcome ? `EMPIRICAL · ${n.outcome}` : "EMPIRICAL";
    const w = label.length * 6.2 + 12;
    out += `<rect x="${x + BOX_W - w - 6}" y="${y + BOX_H - 20}" width="${w}" height="15" rx="7" fill="#fef9c3" stroke="#a16207"/>\n`;
    out += `<text x="${x + BOX_W - w}" y="${y + BOX_H - 9}" font-size="9" fill="#713f12">${escapeXml(label)}</text>\n`;
  }
  return out + "</g>\n";
}

/** Tidy layout: leaves take consecutive slots, parents sit midway over their children. Iterative post-order. */
export function layoutTidy(placed: { parent: number; children: number[]; x: number }[]): void {
  let nextSlot = 0;
  const order: number[] = [];
  const stack = placed.length ? [0] : [];
  while (stack.length) {
    const i = stack.pop()!;
    order.push(i);
    const kids = placed[i]!.children;
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  // Leaves get slots in pre-order (left to right).
  for (const i of order) if (placed[i]!.children.length === 0) placed[i]!.x = nextSlot++;
  for (let k = order.length - 1; k >= 0; k--) {
    const p = placed[order[k]!]!;
    if (p.children.length) p.x = (placed[p.children[0]!]!.x + placed[p.children[p.children.length - 1]!]!.x) / 2;
  }
}

function wrapLines(text: string, width: number, maxLines: number): string[] {
  const words = shorten(text, width * maxLines + 20).split(" ");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const w = word.length > width ? word.slice(0, width - 1) + "…" : word;
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = lines[maxLines - 1]!.slice(0, width - 1) + "…";
  }
  return lines;
}
