// GraphViz DOT: one box per move, an edge from each reply to what it
// answers, coloured by side; pruned branches dashed, retracted moves grey.
// Every edge has a type attribute: a reply edge its stance (support, attack,
// neutral), a cross-link (dotted, not ranked) its link type (SUPPORTS, …).

import type { NodeRecord } from "../document";
import { escapeDot, shorten } from "../escape";
import { KIND_LABEL, SIDE_LABEL, nodeStatus, stanceTowardParent } from "../semantics";
import { LINK_TYPE_LABELS } from "@/lib/domain/vocabulary";
import { placeNodes, type DebateSource } from "../source";
import { SIDE_COLOURS } from "./style";

export async function* exportDot(source: DebateSource): AsyncGenerator<string> {
  yield `digraph debate {\n  graph [rankdir=BT, labelloc=t, fontname="Helvetica", label="${escapeDot(shorten(source.debate.title, 120))}"];\n  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];\n  edge [fontname="Helvetica", fontsize=9];\n`;
  const ids = new Map<string, string>();
  const prunedBranch = new Set<string>(); // refs on the current path that are pruned
  for await (const { node, parent, index } of placeNodes(source.nodes)) {
    const nodeId = `n${index}`;
    ids.set(node.ref, nodeId);
    const inPrunedBranch = node.prunedAt !== null || (parent !== null && prunedBranch.has(parent.ref));
    if (inPrunedBranch) prunedBranch.add(node.ref);
    const colour = SIDE_COLOURS[node.side];
    const status = nodeStatus(node);
    const label = `${SIDE_LABEL[node.side]} · ${KIND_LABEL[node.kind]}${status === "open" ? "" : ` · ${status}`}${node.resolutionMode === "EMPIRICAL" ? " · empirical" : ""}\n${wrap(shorten(labelText(node), 140), 36)}`;
    const style = ["rounded", "filled", ...(inPrunedBranch ? ["dashed"] : [])].join(",");
    yield `  ${nodeId} [label="${escapeDot(label)}", tooltip="${escapeDot(node.ref)}", style="${style}", color="${colour.stroke}", fillcolor="${status === "retracted" ? "#e5e7eb" : colour.fill}", fontcolor="${status === "retracted" ? "#6b7280" : "#111827"}"];\n`;
    if (parent) {
      const stance = stanceTowardParent(node.kind, parent.kind);
      const edgeLabel = stance === "attack" ? "attacks" : stance === "support" ? "supports" : "asks/comments";
      yield `  ${nodeId} -> ${ids.get(parent.ref)} [label="${edgeLabel}", type="${stance}", color="${stance === "attack" ? "#c2410c" : stance === "support" ? "#1d4ed8" : "#6b7280"}"${inPrunedBranch ? ", style=dashed" : ""}];\n`;
    }
  }
  for (const l of source.links ?? []) {
    const from = ids.get(l.fromRef);
    const to = ids.get(l.toRef);
    if (!from || !to) continue;
    const colour = l.type === "ATTACKS" ? "#c2410c" : l.type === "SUPPORTS" ? "#15803d" : "#6b7280";
    yield `  ${from} -> ${to} [label="${escapeDot(LINK_TYPE_LABELS[l.type].toLowerCase())}", type="${l.type}", style=dotted, constraint=false, color="${colour}"];\n`;
  }
  yield "}\n";
}

export function labelText(n: NodeRecord): string {
  return n.title.trim() || n.body;
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}
