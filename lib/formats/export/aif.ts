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
// The layout is AIFdb's, so loaders written for its corpora keep everything:
// edges carry formEdgeID (null), scheme nodes (RA, CA, MA, TA, YA) carry
// scheme and, where AIFdb numbers it, schemeID; L-nodes read "Speaker : text";
// locutions are {nodeID, personID, timestamp, start, end, source} and
// participants {participantID, firstname, surname}, ids as strings.
//
// Streaming: nodes are written as they arrive; edges and locutions are
// rebuilt at the end from four small numeric arrays, not from held text.

import type { LinkType, NodeRecord } from "../document";
import { stanceTowardParent } from "../semantics";
import { placeNodes, type DebateSource } from "../source";

export interface AifNode {
  nodeID: string;
  text: string;
  type: "I" | "RA" | "CA" | "MA" | "L" | "YA" | "TA";
  timestamp: string;
  /** Scheme nodes (everything but I and L): the scheme's name, and AIFdb's id for it where it has one. */
  scheme?: string;
  schemeID?: string;
}

/** AIFdb's scheme ids for the schemes we write (Pure Questioning has none we could confirm). */
export const AIF_SCHEME_IDS: Readonly<Record<string, string>> = {
  "Default Conflict": "71",
  "Default Inference": "72",
  Asserting: "74",
  Disagreeing: "78",
  Arguing: "80",
  "Default Transition": "82",
  "Default Rephrase": "144",
};

/** A scheme node (RA, CA, MA, TA, YA): its text is the scheme's name. */
function schemeNode(nodeID: string, type: AifNode["type"], scheme: string, timestamp: string): AifNode {
  const schemeID = AIF_SCHEME_IDS[scheme];
  return schemeID ? { nodeID, text: scheme, type, timestamp, scheme, schemeID } : { nodeID, text: scheme, type, timestamp, scheme };
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
  const participants: { participantID: string; firstname: string; surname: string }[] = [];
  const personId = (ref: string, displayName: string) => {
    let pid = participantIds.get(ref);
    if (pid === undefined) {
      pid = participants.length + 1;
      participantIds.set(ref, pid);
      const [firstname = "", ...rest] = displayName.trim().split(/\s+/);
      participants.push({ participantID: String(pid), firstname, surname: rest.join(" ") });
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
  const timeOf: string[] = []; // AIF timestamps, short strings, for the locutions

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
    timeOf.push(at);
    const claim = claimText(node);
    const nodes: AifNode[] = [
      { nodeID: id(index, 1), text: claim, type: "I", timestamp: at },
      { nodeID: id(index, 2), text: `${speaker} : ${claim}`, type: "L", timestamp: at },
      schemeNode(id(index, 3), "YA", node.kind === "QUESTION" ? "Pure Questioning" : "Asserting", at),
    ];
    if (parent) {
      if (stanceCode === STANCE_SUPPORT) nodes.push(schemeNode(id(index, 4), "RA", "Default Inference", at));
      if (stanceCode === STANCE_ATTACK) nodes.push(schemeNode(id(index, 4), "CA", "Default Conflict", at));
      nodes.push(schemeNode(id(index, 5), "TA", "Default Transition", at));
      if (stanceCode !== STANCE_NONE) nodes.push(schemeNode(id(index, 6), "YA", stanceCode === STANCE_SUPPORT ? "Arguing" : "Disagreeing", at));
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
    yield (first ? "" : ",") + JSON.stringify(schemeNode(schemeId, scheme.type, scheme.text, aifTimestamp(l.createdAt)));
    first = false;
  }

  yield '\n],"edges":[';
  let edgeCount = 0;
  const edge = (fromID: string, toID: string) => JSON.stringify({ edgeID: String(++edgeCount), fromID, toID, formEdgeID: null });
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
  for (let i = 0; i < speakerOf.length; i++) {
    const locution = { nodeID: id(i, 2), personID: String(speakerOf[i]), timestamp: timeOf[i], start: null, end: null, source: null };
    yield (i === 0 ? "" : ",") + JSON.stringify(locution);
  }
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
