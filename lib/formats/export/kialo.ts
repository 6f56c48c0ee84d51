// Kialo text outline: "1. Thesis", "1.1. Pro: …", "1.1.1. Con: …".
// Pro/Con is relative to the parent claim (as Kialo reads it): attacks are
// Con, supports are Pro; questions and comments, which take no stance, are
// Pro when written by the parent's side or an observer and Con otherwise.
// At the first level this is "Builder moves Pro, Breaker moves Con"; a
// rebuttal is always Con to what it rebuts. Line breaks are escaped as \n.
// Cross-links come after the tree as Kialo writes them: a claim under the
// link's target whose text is "-> See <number of the source>." (Con for
// ATTACKS, Pro otherwise; with data, {"bb":{"link":TYPE,…}} keeps the type).
// By default the outline is clean, as a Kialo user imports it (a move's title
// leads its text); the round-trip option appends our {"bb": …} data to every
// claim, with the participants (display names) on the thesis line.

import type { NodeLinkRecord, NodeRecord } from "../document";
import { embeddedJson, escapeKialo, oneLine } from "../escape";
import { stanceTowardParent } from "../semantics";
import { placeNodes, type DebateSource } from "../source";

export interface KialoExportOptions {
  /**
   * Append {"bb": …} data so our importer can restore ref, kind, side, title, status, authors
   * and their display names (default false: a clean outline for Kialo and other tools).
   */
  roundTrip?: boolean;
}

export async function* exportKialo(source: DebateSource, options: KialoExportOptions = {}): AsyncGenerator<string> {
  const withData = options.roundTrip ?? false;
  yield `Discussion Title: ${oneLine(source.debate.title)}\n\n`;
  const numbers: string[] = []; // numbering of the current ancestor path
  const links = source.links ?? [];
  // Only with links: each node's number and child count, for the "-> See" lines.
  const placed = new Map<string, { number: string; children: number }>();
  for await (const { node, depth, parent, siblingIndex } of placeNodes(source.nodes)) {
    numbers.length = depth;
    const number = depth === 0 ? "1" : `${numbers[depth - 1]}.${siblingIndex}`;
    numbers.push(number);
    if (links.length) {
      placed.set(node.ref, { number, children: 0 });
      if (parent) placed.get(parent.ref)!.children++;
    }
    const label = parent ? `${kialoStance(node, parent)}: ` : "";
    const text = withData || !node.title ? node.body : `${node.title}: ${node.body}`;
    const data = withData ? ` ${embeddedJson({ bb: depth === 0 ? { ...kialoData(node), participants: source.participants } : kialoData(node) })}` : "";
    yield `${number}. ${label}${escapeKialo(text)}${data}\n`;
  }
  yield* kialoLinkLines(links, placed, withData);
}

function* kialoLinkLines(links: readonly NodeLinkRecord[], placed: Map<string, { number: string; children: number }>, withData: boolean): Generator<string> {
  for (const l of links) {
    const from = placed.get(l.fromRef);
    const to = placed.get(l.toRef);
    if (!from || !to) continue;
    const number = `${to.number}.${++to.children}`;
    const data = withData ? ` ${embeddedJson({ bb: { link: l.type, author: l.authorRef, createdAt: l.createdAt } })}` : "";
    yield `${number}. ${l.type === "ATTACKS" ? "Con" : "Pro"}: -> See ${from.number}.${data}\n`;
  }
}

export function kialoStance(node: NodeRecord, parent: NodeRecord): "Pro" | "Con" {
  const stance = stanceTowardParent(node.kind, parent.kind);
  if (stance === "attack") return "Con";
  if (stance === "support") return "Pro";
  return node.side === "OBSERVER" || node.side === parent.side ? "Pro" : "Con";
}

function kialoData(n: NodeRecord) {
  const d: Record<string, unknown> = { ref: n.ref, kind: n.kind, side: n.side, author: n.authorRef, createdAt: n.createdAt };
  if (n.title) d.title = n.title;
  if (n.retractedAt) d.retractedAt = n.retractedAt;
  if (n.prunedAt) d.prunedAt = n.prunedAt;
  if (n.acceptedAt) d.acceptedAt = n.acceptedAt;
  if (n.resolutionMode !== "ARGUMENTATIVE") d.resolutionMode = n.resolutionMode;
  if (n.outcome) d.outcome = n.outcome;
  return d;
}
