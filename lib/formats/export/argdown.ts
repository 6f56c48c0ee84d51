// Argdown: the proposal is a statement, every other move an argument nested
// under what it answers. Relations: attack "-", support "+" (supports and
// patches that build on a claim), and "_" (undercut) for questions and
// comments, which take no side on the claim but question or annotate it.
// Cross-links follow the tree as relations from a re-mentioned element:
// SUPPORTS as "+>", ATTACKS as "->"; the other link types have no Argdown
// relation and travel in the front matter's bb.links with the rest.
// A counterexample in a class carries the class as an Argdown tag, "#(name)",
// after its text; the classes themselves travel in the front matter's
// bb.classes and each node's classRef in its data, so our import restores
// them exactly (and a hand-written tag makes a class by that name).
// Everything Argdown cannot show is carried in {"bb": …} data (strict JSON,
// which is also YAML) so imports can rebuild it.

import type { LinkType, NodeLinkRecord, NodeRecord } from "../document";
import { FORMAT_ID } from "../document";
import { argdownTagText, argdownTitle, embeddedJson, escapeArgdownText, oneLine } from "../escape";
import { KIND_LABEL, stanceTowardParent, type Stance } from "../semantics";
import { placeNodes, type DebateSource } from "../source";

export const ARGDOWN_RELATION: Record<Stance, string> = { attack: "-", support: "+", neutral: "_" };

/** The fields of a node that travel in Argdown data; defaults are left out to keep lines short. */
export interface ArgdownNodeData {
  ref: string;
  kind: NodeRecord["kind"];
  side: NodeRecord["side"];
  author: string;
  createdAt: string;
  updatedAt?: string;
  title?: string;
  body?: string;
  quote?: NodeRecord["quote"];
  targetVersions?: number[];
  answersRefs?: string[];
  classRef?: string;
  answersClassRefs?: string[];
  retractedAt?: string;
  prunedAt?: string;
  acceptedAt?: string;
  acceptedByRef?: string;
  resolutionMode?: NodeRecord["resolutionMode"];
  outcome?: NodeRecord["outcome"];
}

export async function* exportArgdown(source: DebateSource): AsyncGenerator<string> {
  const meta = {
    format: FORMAT_ID,
    exportedAt: source.exportedAt,
    debate: source.debate,
    participants: source.participants,
    versions: source.versions,
    ...(source.links?.length ? { links: source.links } : {}),
    ...(source.classes?.length ? { classes: source.classes } : {}),
  };
  // Front matter is YAML; both values are JSON, which YAML reads as-is.
  yield `===\ntitle: ${embeddedJson(oneLine(source.debate.title))}\nbb: ${embeddedJson(meta)}\n===\n\n# ${escapeArgdownText(oneLine(source.debate.title)).trim() || "Debate"}\n\n`;

  const relatedLinks = (source.links ?? []).filter((l) => l.type in ARGDOWN_LINK_RELATION);
  const classNameOf = new Map((source.classes ?? []).map((c) => [c.ref, c.name]));
  // Each node's element ("[…]" for the root statement, "<…>" for arguments), for the link relations.
  const elementOf = new Map<string, string>();
  for await (const { node, depth, parent, index } of placeNodes(source.nodes)) {
    const label = argdownTitle(`${KIND_LABEL[node.kind]} ${index + 1}${node.title.trim() ? `: ${node.title}` : ""}`);
    const element = depth === 0 ? `[${label}]` : `<${label}>`;
    if (relatedLinks.length) elementOf.set(node.ref, element);
    const relation = parent ? `${ARGDOWN_RELATION[stanceTowardParent(node.kind, parent.kind)]} ` : "";
    const text = argdownDisplayText(node.body);
    const className = node.classRef ? classNameOf.get(node.classRef) : undefined;
    const tag = className !== undefined ? ` ${argdownTag(className)}` : "";
    yield `${"  ".repeat(depth)}${relation}${element}: ${text}${tag} ${embeddedJson({ bb: argdownData(node) })}\n`;
  }
  yield* argdownLinkRelations(relatedLinks, elementOf);
}

/** Argdown's relation for a cross-link type, written from the link's source element. */
export const ARGDOWN_LINK_RELATION: Readonly<Partial<Record<LinkType, string>>> = { SUPPORTS: "+>", ATTACKS: "->" };

/** After the tree: each link source re-mentioned once, its links below it as relations (stable order: by source, then as listed). */
function* argdownLinkRelations(links: readonly NodeLinkRecord[], elementOf: ReadonlyMap<string, string>): Generator<string> {
  const bySource = new Map<string, NodeLinkRecord[]>();
  for (const l of links) {
    if (!elementOf.has(l.fromRef) || !elementOf.has(l.toRef)) continue;
    const list = bySource.get(l.fromRef) ?? [];
    list.push(l);
    bySource.set(l.fromRef, list);
  }
  if (bySource.size === 0) return;
  yield "\n// Cross-links\n";
  for (const [fromRef, list] of bySource) {
    yield `\n${elementOf.get(fromRef)}\n`;
    for (const l of list) yield `  ${ARGDOWN_LINK_RELATION[l.type]} ${elementOf.get(l.toRef)}\n`;
  }
}

/** A class as an Argdown tag, "#(name)" (the exact name travels in bb.classes). */
export function argdownTag(name: string): string {
  return `#(${argdownTagText(name) || "class"})`;
}

/** Single-line escaped body. Argdown requires text after "Title:", so a blank body shows a placeholder (the real body travels in data). */
function argdownDisplayText(body: string): string {
  return escapeArgdownText(body.trim() || "(empty)");
}

/** Whether the displayed text reproduces the body exactly (else the body travels in data). */
export function argdownTextIsExact(body: string): boolean {
  return body !== "" && body === body.trim() && !/[\r\n\u2028\u2029\u0085]/.test(body);
}

function argdownData(n: NodeRecord): ArgdownNodeData {
  const d: ArgdownNodeData = { ref: n.ref, kind: n.kind, side: n.side, author: n.authorRef, createdAt: n.createdAt };
  if (n.updatedAt !== n.createdAt) d.updatedAt = n.updatedAt;
  if (n.title) d.title = n.title;
  if (!argdownTextIsExact(n.body)) d.body = n.body;
  if (n.quote) d.quote = n.quote;
  if (n.targetVersions.length) d.targetVersions = n.targetVersions;
  if (n.answersRefs.length) d.answersRefs = n.answersRefs;
  if (n.classRef) d.classRef = n.classRef;
  if (n.answersClassRefs?.length) d.answersClassRefs = n.answersClassRefs;
  if (n.retractedAt) d.retractedAt = n.retractedAt;
  if (n.prunedAt) d.prunedAt = n.prunedAt;
  if (n.acceptedAt) d.acceptedAt = n.acceptedAt;
  if (n.acceptedByRef) d.acceptedByRef = n.acceptedByRef;
  if (n.resolutionMode !== "ARGUMENTATIVE") d.resolutionMode = n.resolutionMode;
  if (n.outcome) d.outcome = n.outcome;
  return d;
}
