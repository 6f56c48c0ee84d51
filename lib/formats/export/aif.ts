// AIF JSON as read by AIFdb and OVA. Each move becomes an I-node (its
// claim) and an L-node (someone saying it) joined by a YA "Asserting" (or
// "Questioning") node. A reply links to its parent through an RA (support)
// or CA (attack) scheme node and, in the dialogue layer, through a TA
// transition from the parent's locution with a YA anchoring the scheme.
// Questions and comments get the dialogue layer only: they argue nothing.
// Cross-links add one scheme node between the two I-nodes: RA for SUPPORTS,
// CA for ATTACKS, MA (rephrase) for SAME_CLAIM and DUPLICATE_OF; SEE_ALSO
// argues nothing and has no AIF form.
//
// Streaming: nodes are written as they arrive; edges and locutions are
// rebuilt at the end from three small numeric arrays, not from held text.

import type { LinkType, NodeRecord } from "../document";
import { stanceTowardParent } from "../semantics";
import { placeNodes, type DebateSource } from "../source";

export interface AifNode {
  nodeID: string;
  text: string;
  type: "I" | "RA" | "CA" | "MA" | "L" | "YA" | "TA";
  timestamp: string;
}

const STANCE_NONE = 0;
const STANCE_SUPPORT = 1;
const STANCE_ATTACK = 2;

// Per move, six node ids: I, L, YA(L→I), RA/CA, TA, YA(TA→RA/CA).
const id = (index: number, slot: 1 | 2 | 3 | 4 | 5 | 6) => String(index * 6 + slot);

/** The scheme node of a cross-link type (none for SEE_ALSO). */
export const AIF_LINK_SCHEME: Readonly<Partial<Record<LinkType, { type: "RA" | "CA" | "MA"; text: string }>>> = {
  SUPPORTS: { type: "RA", text: "Default Inference" },
  ATTACKS: { type: "CA", text: "Default Conflict" },
  SAME_CLAIM: { type: "MA", text: "Default Rephrase" },
  DUPLICATE_OF: { type: "MA", text: "Default Rephrase" },
};

export async function* exportAif(source: DebateSource): AsyncGenerator<string> {
  const participantIds = new Map<string, number>();
  const participants: { participantID: number; firstname: string; surname: string }[] = [];
  const personId = (ref: string, displayName: string) => {
    let pid = participantIds.get(ref);
    if (pid === undefined) {
      pid = participants.length + 1;
      participantIds.set(ref, pid);
      const [firstname = "", ...rest] = displayName.trim().split(/\s+/);
      participants.push({ participantID: pid, firstname, surname: rest.join(" ") });
    }
    return pid;
  };
  const names = new Map<string, string>();
  for (const p of source.participants) {
    names.set(p.ref, p.displayName);
    personId(p.ref, p.displayName);
  }

  const parentOf: number[] = [];
  const stanceOf: number[] = [];
  const speakerOf: number[] = [];
  const indexByRef = new Map<string, number>();

  yield '{"nodes":[';
  let first = true;
  for await (const { node, parent, index } of placeNodes(source.nodes)) {
    indexByRef.set(node.ref, index);
    const parentIndex = parent ? indexByRef.get(parent.ref)! : -1;
    const stance = parent ? stanceTowardParent(node.kind, parent.kind) : "neutral";
    const stanceCode = stance === "support" ? STANCE_SUPPORT : stance === "attack" ? STANCE_ATTACK : STANCE_NONE;
    const speaker = names.get(node.authorRef) ?? node.authorRef;
    parentOf.push(parentIndex);
    stanceOf.push(stanceCode);
    speakerOf.push(personId(node.authorRef, speaker));

    const at = aifTimestamp(node.createdAt);
    const claim = claimText(node);
    const nodes: AifNode[] = [
      { nodeID: id(index, 1), text: claim, type: "I", timestamp: at },
      { nodeID: id(index, 2), text: `${speaker}: ${claim}`, type: "L", timestamp: at },
      { nodeID: id(index, 3), text: node.kind === "QUESTION" ? "Pure Questioning" : "Asserting", type: "YA", timestamp: at },
    ];
    if (parent) {
      if (stanceCode === STANCE_SUPPORT) nodes.push({ nodeID: id(index, 4), text: "Default Inference", type: "RA", timestamp: at });
      if (stanceCode === STANCE_ATTACK) nodes.push({ nodeID: id(index, 4), text: "Default Conflict", type: "CA", timestamp: at });
      nodes.push({ nodeID: id(index, 5), text: "Default Transition", type: "TA", timestamp: at });
      if (stanceCode !== STANCE_NONE) nodes.push({ nodeID: id(index, 6), text: stanceCode === STANCE_SUPPORT ? "Arguing" : "Disagreeing", type: "YA", timestamp: at });
    }
    yield (first ? "" : ",") + nodes.map((n) => JSON.stringify(n)).join(",");
    first = false;
  }
  // Link scheme nodes get ids after every move's six.
  const linkSchemes: { schemeId: string; from: number; to: number }[] = [];
  for (const l of source.links ?? []) {
    const scheme = AIF_LINK_SCHEME[l.type];
    const from = indexByRef.get(l.fromRef);
    const to = indexByRef.get(l.toRef);
    if (!scheme || from === undefined || to === undefined) continue;
    const schemeId = String(parentOf.length * 6 + 1 + linkSchemes.length);
    linkSchemes.push({ schemeId, from, to });
    yield (first ? "" : ",") + JSON.stringify({ nodeID: schemeId, text: scheme.text, type: scheme.type, timestamp: aifTimestamp(l.createdAt) } satisfies AifNode);
    first = false;
  }

  yield '\n],"edges":[';
  let edgeCount = 0;
  const edge = (fromID: string, toID: string) => JSON.stringify({ edgeID: String(++edgeCount), fromID, toID });
  for (let i = 0; i < parentOf.length; i++) {
    const edges = [edge(id(i, 2), id(i, 3)), edge(id(i, 3), id(i, 1))];
    const p = parentOf[i]!;
    if (p >= 0) {
      if (stanceOf[i] !== STANCE_NONE) edges.push(edge(id(i, 1), id(i, 4)), edge(id(i, 4), id(p, 1)));
      edges.push(edge(id(p, 2), id(i, 5)), edge(id(i, 5), id(i, 2)));
      if (stanceOf[i] !== STANCE_NONE) edges.push(edge(id(i, 5), id(i, 6)), edge(id(i, 6), id(i, 4)));
    }
    yield (i === 0 ? "" : ",") + edges.join(",");
  }
  for (const s of linkSchemes) yield "," + [edge(id(s.from, 1), s.schemeId), edge(s.schemeId, id(s.to, 1))].join(",");

  yield '\n],"locutions":[';
  for (let i = 0; i < speakerOf.length; i++) yield (i === 0 ? "" : ",") + JSON.stringify({ nodeID: id(i, 2), personID: speakerOf[i] });
  yield `\n],"participants":${JSON.stringify(participants)}}\n`;
}

function claimText(n: NodeRecord): string {
  const body = n.body.trim();
  const title = n.title.trim();
  return title && body ? `${title}: ${body}` : title || body;
}

/** AIFdb writes "YYYY-MM-DD HH:MM:SS" (UTC). */
function aifTimestamp(iso: string): string {
  return iso.slice(0, 19).replace("T", " ");
}
