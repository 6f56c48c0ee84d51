// AIF JSON as AIFdb and OVA write it (and our own AIF export): nodes
// [{nodeID, text, type, timestamp}], edges [{edgeID, fromID, toID}], locutions
// [{nodeID, personID, …}], participants [{participantID, firstname, surname}].
// I-nodes are the claims. An RA node says its premises (edges into it) support
// its conclusion (its edge out), a CA node that its source attacks its target,
// an MA node that two claims say the same, a PA node a preference (kept as a
// see-also link). A scheme node pointing at another scheme node undercuts it.
// The dialogue layer names the authors: a locution (L) anchored to a claim
// through a YA node is that claim's speaker; a TA transition between two
// locutions is a reply, which places a claim that argues nothing (a question)
// under the one it answers. An edge straight between two I-nodes (not AIF, but
// other tools write them) is such a reply too. Everything else is counted in the import report.

import type { DebateDocument } from "../document";
import { FormatError } from "../errors";
import { resolveLimits } from "../limits";
import { STEP_EVERY, type Steps } from "../steps";
import { type ImportOptions } from "./common";
import { graphToDocument, type GraphRelation, type GraphStatement } from "./graph";
import { parseJsonSteps } from "./json";

const SCHEME_TYPES = new Set(["RA", "CA", "MA", "PA"]);
const KNOWN_TYPES = new Set(["I", "L", "YA", "TA", ...SCHEME_TYPES]);

interface AifNode {
  nodeID: string;
  text: string;
  type: string;
  timestamp?: string;
  index: number;
}

export function* importAifSteps(text: string, options: ImportOptions = {}): Steps<DebateDocument> {
  const limits = resolveLimits(options.limits);
  const now = (options.now ?? new Date()).toISOString();
  const report = options.report;
  const value = yield* parseJsonSteps(text, limits);
  const fail = (path: string, message: string, expected: string) => new FormatError("SCHEMA", message, { path }, expected);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw fail("$", "not an AIF document", "an object with nodes and edges");
  const doc = value as Record<string, unknown>;
  if (!Array.isArray(doc.nodes)) throw fail("$.nodes", "missing nodes", "an array of AIF nodes");
  if (!Array.isArray(doc.edges)) throw fail("$.edges", "missing edges", "an array of AIF edges");
  const id = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null);

  const nodes = new Map<string, AifNode>();
  for (let i = 0; i < doc.nodes.length; i++) {
    if (i % STEP_EVERY === 0) yield;
    const raw = doc.nodes[i] as Record<string, unknown> | null;
    const at = `$.nodes[${i}]`;
    if (typeof raw !== "object" || raw === null) throw fail(at, "not an object", "{nodeID, text, type}");
    const nodeID = id(raw.nodeID);
    if (nodeID === null) throw fail(`${at}.nodeID`, "missing nodeID", "a string or number");
    if (nodes.has(nodeID)) throw new FormatError("INTEGRITY", `duplicate nodeID ${JSON.stringify(nodeID)}`, { path: `${at}.nodeID` }, "unique node ids");
    if (typeof raw.type !== "string") throw fail(`${at}.type`, "missing type", "I, RA, CA, MA, PA, L, YA or TA");
    if (raw.type === "I" && typeof raw.text !== "string") throw fail(`${at}.text`, "an I-node without text", "the claim's text");
    nodes.set(nodeID, { nodeID, text: typeof raw.text === "string" ? raw.text : "", type: raw.type, timestamp: typeof raw.timestamp === "string" ? raw.timestamp : undefined, index: i });
  }
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  for (let i = 0; i < doc.edges.length; i++) {
    if (i % STEP_EVERY === 0) yield;
    const raw = doc.edges[i] as Record<string, unknown> | null;
    const at = `$.edges[${i}]`;
    if (typeof raw !== "object" || raw === null) throw fail(at, "not an object", "{edgeID, fromID, toID}");
    const from = id(raw.fromID);
    const to = id(raw.toID);
    if (from === null || !nodes.has(from)) throw new FormatError("INTEGRITY", `edge from unknown node ${JSON.stringify(raw.fromID)}`, { path: `${at}.fromID` }, "a nodeID listed in $.nodes");
    if (to === null || !nodes.has(to)) throw new FormatError("INTEGRITY", `edge to unknown node ${JSON.stringify(raw.toID)}`, { path: `${at}.toID` }, "a nodeID listed in $.nodes");
    (outgoing.get(from) ?? outgoing.set(from, []).get(from)!).push(to);
    (incoming.get(to) ?? incoming.set(to, []).get(to)!).push(from);
  }

  // Speakers: locution nodeID → person, person → name.
  const names = new Map<string, string>();
  if (Array.isArray(doc.participants)) {
    for (const p of doc.participants as Record<string, unknown>[]) {
      const pid = id(p?.participantID);
      if (pid === null) continue;
      const name = [p.firstname, p.surname].filter((s) => typeof s === "string" && s.trim()).join(" ").trim();
      names.set(`aif-person-${pid}`, name || `Participant ${pid}`);
    }
  }
  const speakerOfLocution = new Map<string, string>();
  if (Array.isArray(doc.locutions)) {
    for (const l of doc.locutions as Record<string, unknown>[]) {
      const nodeID = id(l?.nodeID);
      const pid = id(l?.personID);
      if (nodeID === null || pid === null) continue;
      const ref = `aif-person-${pid}`;
      if (!names.has(ref)) names.set(ref, `Participant ${pid}`);
      speakerOfLocution.set(nodeID, ref);
    }
  }

  const statements: GraphStatement[] = [];
  const claimOfLocution = new Map<string, string>();
  let dialogue = 0;
  let unknown = 0;
  for (const n of nodes.values()) {
    if (n.type === "I") statements.push({ id: n.nodeID, text: n.text.trim() || "(empty claim)", createdAt: isoFromAif(n.timestamp), line: 1 });
    else if (!KNOWN_TYPES.has(n.type)) unknown++;
    else if (n.type === "L" || n.type === "TA") dialogue++;
  }
  yield;
  // YA anchors: L → YA → I gives the claim's speaker.
  const authorOf = new Map<string, string>();
  for (const n of nodes.values()) {
    if (n.type !== "YA") continue;
    const claims = (outgoing.get(n.nodeID) ?? []).filter((t) => nodes.get(t)!.type === "I");
    const locutions = (incoming.get(n.nodeID) ?? []).filter((f) => nodes.get(f)!.type === "L");
    for (const l of locutions) {
      for (const c of claims) {
        claimOfLocution.set(l, c);
        const speaker = speakerOfLocution.get(l);
        if (speaker && !authorOf.has(c)) authorOf.set(c, speaker);
      }
    }
  }
  for (const s of statements) s.authorRef = authorOf.get(s.id);

  // The I-node a scheme node stands for when another scheme points at it (an undercut): its first premise.
  const claimBehind = (schemeId: string): string | null => (incoming.get(schemeId) ?? []).find((f) => nodes.get(f)!.type === "I") ?? null;
  const relations: GraphRelation[] = [];
  const argued = new Set<string>();
  for (const n of nodes.values()) {
    if (!SCHEME_TYPES.has(n.type)) continue;
    const sources = (incoming.get(n.nodeID) ?? []).filter((f) => nodes.get(f)!.type === "I");
    const targets = (outgoing.get(n.nodeID) ?? []).filter((t) => nodes.get(t)!.type !== "YA" && nodes.get(t)!.type !== "TA");
    const createdAt = isoFromAif(n.timestamp);
    for (const target of targets) {
      const targetNode = nodes.get(target)!;
      let to: string | null = target;
      let type: GraphRelation["type"] = n.type === "RA" ? "support" : n.type === "CA" ? "attack" : n.type === "MA" ? "same" : "see-also";
      if (targetNode.type !== "I") {
        to = SCHEME_TYPES.has(targetNode.type) ? claimBehind(target) : null;
        if (n.type === "CA") type = "undercut";
      }
      if (to === null) continue;
      for (const from of sources) {
        if (from === to) continue;
        relations.push({ from, to, type, createdAt });
        argued.add(`${from} ${to}`);
      }
    }
    if (n.type === "PA") report?.note("preferences");
  }
  // TA transitions (L → TA → L): the later claim replies to the earlier one; used where no scheme relates them.
  for (const n of nodes.values()) {
    if (n.type !== "TA") continue;
    for (const fromL of incoming.get(n.nodeID) ?? []) {
      for (const toL of outgoing.get(n.nodeID) ?? []) {
        const parentClaim = claimOfLocution.get(fromL);
        const childClaim = claimOfLocution.get(toL);
        if (!parentClaim || !childClaim || parentClaim === childClaim || argued.has(`${childClaim} ${parentClaim}`)) continue;
        argued.add(`${childClaim} ${parentClaim}`);
        relations.push({ from: childClaim, to: parentClaim, type: "reply" });
      }
    }
  }
  // An edge straight from one I-node to another (no scheme node between them: not AIF, but files
  // written by other tools have them) says the two relate without saying how: a reply, reported.
  let unschemed = 0;
  for (const n of nodes.values()) {
    if (n.type !== "I") continue;
    for (const to of outgoing.get(n.nodeID) ?? []) {
      if (nodes.get(to)!.type !== "I" || to === n.nodeID) continue;
      unschemed++;
      if (argued.has(`${n.nodeID} ${to}`)) continue;
      argued.add(`${n.nodeID} ${to}`);
      relations.push({ from: n.nodeID, to, type: "reply" });
    }
  }
  report?.note("unschemed", unschemed);
  report?.note("dialogue", dialogue);
  if (unknown) report?.note("dialogue", unknown);
  if (statements.length === 0) throw fail("$.nodes", "no I-nodes (claims) in the file", "at least one node of type I");
  const title = statements[0]!.text.split("\n")[0]!.slice(0, 120);
  return yield* graphToDocument(
    { title: typeof doc.title === "string" && doc.title.trim() ? doc.title.trim() : title, context: "", statements, relations, participants: [], authorNames: names },
    { now, limits, report },
  );
}

/** AIFdb writes "YYYY-MM-DD HH:MM:SS" (UTC); anything else is left to the import time. */
function isoFromAif(timestamp: string | undefined): string | undefined {
  const m = timestamp ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(timestamp) : null;
  if (!m) return undefined;
  const iso = `${m[1]}T${m[2]}.000Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}
