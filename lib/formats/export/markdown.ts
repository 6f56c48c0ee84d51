// Markdown: a readable outline for a paper or post (GitHub-flavoured).
// Titles and names are escaped inline text; bodies stay Markdown (that is how
// they are written in the app) with raw HTML neutralised.

import type { Link, NodeRecord, Participant } from "../document";
import { escapeMarkdownInline, isSafeUrl, neutraliseMarkdownHtml } from "../escape";
import { KIND_LABEL, SIDE_LABEL, nodeStatus, titleCase } from "../semantics";
import { placeNodes, type DebateSource } from "../source";

/** Deeper nodes are drawn at this list depth with a "depth N" note: GitHub stops nesting lists long before 1,000 levels. */
export const MARKDOWN_MAX_LIST_DEPTH = 12;

export async function* exportMarkdown(source: DebateSource): AsyncGenerator<string> {
  const { debate } = source;
  const names = new Map(source.participants.map((p) => [p.ref, p.displayName]));
  const who = (ref: string | null) => escapeMarkdownInline(ref === null ? "nobody" : (names.get(ref) ?? ref));

  let head = `# ${escapeMarkdownInline(debate.title) || "Untitled debate"}\n\n`;
  head += `*Builder/Breaker debate · started ${day(debate.createdAt)} · ${titleCase(debate.visibility)} · ${titleCase(debate.playMode)} play*\n\n`;
  if (debate.context.trim()) head += `${neutraliseMarkdownHtml(debate.context.trim())}\n\n`;
  if (debate.links.length) head += `**Links:**\n\n${debate.links.map((l) => `- ${markdownLink(l)}`).join("\n")}\n\n`;
  if (source.participants.length) head += `**Participants:** ${source.participants.map((p: Participant) => `${escapeMarkdownInline(p.displayName)} (${SIDE_LABEL[p.side]})`).join(", ")}\n\n`;
  if (source.versions.length) {
    head += `## Proposal versions\n\n`;
    for (const v of [...source.versions].sort((a, b) => a.number - b.number)) {
      head += `- **v${v.number}** · ${day(v.createdAt)} · ${who(v.authorRef)}\n\n${indentBlock(neutraliseMarkdownHtml(v.body.trim()), "  ")}\n\n`;
    }
  }
  yield head + `## Debate tree\n\n`;

  for await (const { node, depth } of placeNodes(source.nodes)) {
    const listDepth = Math.min(depth, MARKDOWN_MAX_LIST_DEPTH);
    const pad = "  ".repeat(listDepth);
    const inner = pad + "  ";
    const status = nodeStatus(node);
    const badges = [`**${SIDE_LABEL[node.side]} · ${KIND_LABEL[node.kind]}**`];
    if (status !== "open") badges.push(`*${status === "resolved" ? `resolved: ${titleCase(node.outcome!)}` : status}*`);
    if (status !== "resolved" && node.outcome) badges.push(`*outcome: ${titleCase(node.outcome)}*`);
    if (node.resolutionMode !== "ARGUMENTATIVE") badges.push(`*${titleCase(node.resolutionMode)}*`);
    if (node.cruxes.length) badges.push(`*crux for ${node.cruxes.length}*`);
    if (depth > listDepth) badges.push(`*depth ${depth}*`);
    badges.push(`${who(node.authorRef)}, ${day(node.createdAt)}`);

    let title = escapeMarkdownInline(node.title.trim());
    if (title && node.retractedAt) title = `~~${title}~~`;
    let item = `${pad}- ${badges.join(" · ")}${title ? ` — ${title}` : ""}\n\n`;
    if (node.quote) item += `${indentBlock(node.quote.text.trim() ? quoteBlock(node.quote.text) : "> (empty quote)", inner)}\n\n`;
    if (node.body.trim()) item += `${indentBlock(neutraliseMarkdownHtml(node.body.trim()), inner)}\n\n`;
    const lastPrune = node.pruneEvents[node.pruneEvents.length - 1];
    if (node.prunedAt && lastPrune?.action === "PRUNE") {
      item += `${inner}*Pruned${lastPrune.category ? ` (${titleCase(lastPrune.category)})` : ""} by ${who(lastPrune.actorRef)}:* ${escapeMarkdownInline(lastPrune.reason)}\n\n`;
    }
    item += experimentBlock(node, inner, who);
    yield item;
  }
}

function experimentBlock(node: NodeRecord, inner: string, who: (ref: string | null) => string): string {
  let out = "";
  const e = node.experiment;
  if (e) {
    out += `${inner}**Experiment** (${titleCase(e.status)}, owner ${who(e.ownerRef)}): ${escapeMarkdownInline(e.question)}\\\n`;
    out += `${inner}*Method:* ${escapeMarkdownInline(e.method)}\\\n`;
    out += `${inner}*Supports if:* ${escapeMarkdownInline(e.supportIf)}\\\n`;
    out += `${inner}*Refutes if:* ${escapeMarkdownInline(e.refuteIf)}`;
    out += e.links.length ? `\\\n${inner}*Links:* ${e.links.map(markdownLink).join(", ")}\n\n` : "\n\n";
  }
  if (node.predictions.length) {
    // A participant's latest prediction counts.
    const latest = new Map<string, NodeRecord["predictions"][number]>();
    for (const p of node.predictions) {
      const prev = latest.get(p.userRef);
      if (!prev || prev.createdAt <= p.createdAt) latest.set(p.userRef, p);
    }
    out += `${inner}*Predictions (supported):* ${[...latest.values()].map((p) => `${who(p.userRef)} ${Math.round(p.probability * 100)}%`).join(", ")}\n\n`;
  }
  for (const r of node.resolutions) {
    const evidence = r.evidence.length ? ` Evidence: ${r.evidence.map(markdownLink).join(", ")}.` : "";
    out += `${inner}*${titleCase(r.action)}${r.outcome ? ` → ${titleCase(r.outcome)}` : ""}* by ${who(r.actorRef)}, ${day(r.createdAt)}: ${escapeMarkdownInline(r.summary)}${evidence}\n\n`;
  }
  return out;
}

function markdownLink(l: Link): string {
  const label = escapeMarkdownInline(l.title || l.url);
  // Unsafe schemes are shown, not linked.
  if (!isSafeUrl(l.url)) return `${label} (${escapeMarkdownInline(l.url)})`;
  return `[${label}](<${l.url.trim().replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

function quoteBlock(text: string): string {
  return neutraliseMarkdownHtml(text.trim())
    .split(/\r\n|\r|\n/)
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

function indentBlock(text: string, prefix: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => (line ? prefix + line : ""))
    .join("\n");
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
