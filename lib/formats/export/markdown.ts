// Markdown: a readable outline for a paper or post (GitHub-flavoured).
// Titles, names and quotes are escaped text; bodies stay Markdown (that is how
// they are written in the app) with raw HTML neutralised and open fences
// closed. tests/unit/formats/markdown-commonmark.test.ts reads the result with
// a CommonMark parser and checks that it has exactly the intended structure.

import type { Link, NodeRecord, Participant } from "../document";
import { escapeMarkdownInline, escapeMarkdownText, isSafeUrl, neutraliseMarkdownHtml } from "../escape";
import { KIND_LABEL, SIDE_LABEL, nodeStatus, titleCase } from "../semantics";
import { ROUND_VERDICT_LABELS } from "@/lib/domain/vocabulary";
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
  head += summariesBlock(source, who);
  yield head + `## Debate tree\n\n`;

  // The crux ledger comes after the tree, naming its claims by the titles seen there.
  const ledgerRefs = new Set((source.cruxLedger ?? []).map((c) => c.nodeRef));
  const entryRefs = new Set((source.rounds ?? []).flatMap((r) => r.entryRefs));
  const claimTitles = new Map<string, string>();
  const entries = new Map<string, RoundEntryInfo>();
  for await (const { node, depth } of placeNodes(source.nodes)) {
    if (ledgerRefs.has(node.ref)) claimTitles.set(node.ref, node.title.trim() || node.body.trim().slice(0, 80));
    if (entryRefs.has(node.ref)) entries.set(node.ref, { title: node.title.trim() || node.body.trim().slice(0, 80), kind: node.kind, side: node.side, authorRef: node.authorRef, retracted: node.retractedAt !== null });
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
  const ledger = cruxLedgerBlock(source, who, claimTitles);
  if (ledger) yield ledger;
  const rounds = roundsBlock(source, who, entries);
  if (rounds) yield rounds;
}

interface RoundEntryInfo {
  title: string;
  kind: NodeRecord["kind"];
  side: NodeRecord["side"];
  authorRef: string;
  retracted: boolean;
}

/** Judged rounds with their results: every entry, and each judge's verdict and reason on the patches. */
function roundsBlock(source: DebateSource, who: (ref: string | null) => string, entries: ReadonlyMap<string, RoundEntryInfo>): string {
  const rounds = [...(source.rounds ?? [])].sort((a, b) => a.number - b.number);
  if (!rounds.length) return "";
  let out = `## Rounds\n\n`;
  for (const r of rounds) {
    const judges = r.judgeRefs.map((j) => who(j)).join(", ") || "none";
    const state = r.finalisedAt ? `results final since ${day(r.finalisedAt)}` : "results not finalised";
    out += `### Round ${r.number}: ${escapeMarkdownInline(r.title)}\n\n`;
    out += `*Opened ${day(r.openedAt)} by ${who(r.openedByRef)}, deadline ${r.deadline.slice(0, 16).replace("T", " ")} UTC · ${state} · judges: ${judges}*\n\n`;
    if (r.rubric.trim()) out += `${quoteBlock(r.rubric)}\n\n`;
    if (!r.entryRefs.length) out += `No patch or counterexample was posted while the round was open.\n\n`;
    for (const ref of r.entryRefs) {
      const e = entries.get(ref);
      if (!e) continue;
      out += `- ${escapeMarkdownInline(e.title) || "(untitled)"} · ${KIND_LABEL[e.kind]} by ${who(e.authorRef)} (${SIDE_LABEL[e.side]})${e.retracted ? " · *retracted*" : ""}\n`;
      if (e.kind !== "PATCH") continue;
      const verdicts = r.verdicts.filter((v) => v.nodeRef === ref);
      if (!verdicts.length) out += `  - no verdict\n`;
      for (const v of verdicts) out += `  - ${who(v.judgeRef)}: **${ROUND_VERDICT_LABELS[v.verdict]}**. ${escapeMarkdownInline(v.reason)}\n`;
    }
    out += "\n";
  }
  return out;
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
  // Inside <…> a backslash would still escape the next character: encode it with the rest.
  return `[${label}](<${l.url.trim().replace(/[<>\\\s]/g, encodeURIComponent)}>)`;
}

/** A quote is plain text (what the reader saw), so none of it may turn into Markdown. */
function quoteBlock(text: string): string {
  return escapeMarkdownText(text.trim())
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

const signedPct = (x: number) => `${x >= 0 ? "+" : "−"}${Math.round(Math.abs(x) * 100)} pts`;

/** The pinned summary first, then the other endorsed ones (unendorsed drafts stay in the app). */
function summariesBlock(source: DebateSource, who: (ref: string | null) => string): string {
  const shown = (source.summaries ?? []).filter((s) => s.endorsed).sort((a, b) => Number(b.pinned) - Number(a.pinned));
  if (!shown.length) return "";
  let out = `## Summary\n\n`;
  for (const s of shown) {
    const endorsers = s.endorsements.map((e) => `${who(e.userRef)} (${SIDE_LABEL[e.side]})`).join(", ");
    out += `*${s.pinned ? "Pinned summary" : "Endorsed summary"}${s.versionNumber ? ` of v${s.versionNumber}` : ""} by ${who(s.authorRef)}, endorsed by ${endorsers}*\n\n`;
    out += `${neutraliseMarkdownHtml(s.body.trim())}\n\n`;
  }
  return out;
}

/** Double cruxes and settled claims: each person's pre-committed vs actual update. */
function cruxLedgerBlock(source: DebateSource, who: (ref: string | null) => string, titles: ReadonlyMap<string, string>): string {
  const claims = (source.cruxLedger ?? []).filter((c) => titles.has(c.nodeRef));
  if (!claims.length) return "";
  let out = `## Crux ledger\n\n`;
  for (const c of claims) {
    const f = c.figures;
    const tags = [f.doubleCrux ? "**double crux**" : null, `expected belief change ${Math.round(f.expectedBeliefChange * 100)} pts`];
    if (f.verdict) tags.push(`settled ${f.verdict.claimTrue ? "true" : "false"} (${f.verdict.via})`);
    if (f.outcome === "moved-nobody") tags.push("*moved nobody*");
    out += `- ${escapeMarkdownInline(titles.get(c.nodeRef) ?? c.nodeRef)} · ${tags.filter(Boolean).join(" · ")}\n`;
    for (const p of f.people) {
      const pre = p.precommittedUpdate === null ? "" : ` · pre-committed ${signedPct(p.precommittedUpdate)}`;
      const actual = p.actualUpdate === null ? (p.precommittedUpdate === null ? "" : " · not answered yet") : ` · actual ${signedPct(p.actualUpdate)}${p.confirmed ? " (confirmed)" : " (revised)"}`;
      out += `  - ${who(p.userRef)}: stake ${Math.round(p.stake * 100)} pts${pre}${actual}\n`;
    }
  }
  return out + "\n";
}
