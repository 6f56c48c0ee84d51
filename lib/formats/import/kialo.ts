// Kialo text import, both outline variants: "Discussion Title: …" then
// numbered claims ("1.", "1.1. Pro: …", "1.1.1. Con: …"), and the newer export
// with a "Discussion Name: …" / "Thesis: …" header and a trailing "Sources:"
// list (kept as the debate's context and links, not glued to the last claim).
// Lines without a number continue the previous claim (Kialo's own exports wrap
// that way). A claim that reads "-> See 1.2.3." is Kialo's reuse of another
// claim: it takes that claim's text and a SAME_CLAIM link to it. Pro/Con are read
// relative to the parent: Con attacks, Pro supports, so at the first level
// Pro is a Builder move and Con a Breaker counterexample. Our {"bb": …}
// suffix, when present, restores ref, kind, side, title and status (and, on
// the thesis, the participants with their display names).

import { LINK_TYPES, type DebateDocument, type LinkType, type NodeKind, type NodeRecord, type Participant, type Side } from "../document";
import { unescapeKialo } from "../escape";
import { FormatError } from "../errors";
import { resolveLimits } from "../limits";
import { inferMove } from "../semantics";
import { runSteps, STEP_EVERY, type Steps } from "../steps";
import { checkInputSizeSteps, defaultDebateMeta, emptyNode, finishDocument, IMPORTED_AUTHOR, KIND_SET, SIDE_SET, splitLinesSteps, type ImportOptions } from "./common";

const NUMBERED = /^[ \t]*(\d+(?:\.\d+)*)\.(?:[ \t]+|$)/;
const SEE = /^->[ \t]*See[ \t]+(\d+(?:\.\d+)*)\.?[ \t]*$/i;
const HEADER = /^(Discussion Title|Discussion Name|Thesis):[ \t]*([^]*)$/i;
const DATA_MARK = '{"bb":';

export function importKialo(text: string, options: ImportOptions = {}): DebateDocument {
  return runSteps(importKialoSteps(text, options));
}

/** importKialo in pausable steps (lib/formats/steps.ts). */
export function* importKialoSteps(text: string, options: ImportOptions = {}): Steps<DebateDocument> {
  const limits = resolveLimits(options.limits);
  yield* checkInputSizeSteps(text, limits);
  const now = (options.now ?? new Date()).toISOString();
  const lines = yield* splitLinesSteps(text);

  let title: string | undefined;
  const nodes: NodeRecord[] = [];
  const lineOfNode: number[] = [];
  const indexByNumber = new Map<string, number>();
  let last: NodeRecord | null = null;
  let thesisFromHeader = false;
  const sees: { index: number; target: string; line: number }[] = [];
  const sources: string[] = [];
  // Our round-trip export lists the participants (ref, displayName, side) in the thesis's data.
  let participants: Participant[] = [];
  let inSources = false;
  const report = options.report;
  // Our own export writes a typed link as a "-> See n." line carrying {"bb":{"link":…}} (not a claim).
  const ownLinks: { sourceNumber: string; to: NodeRecord; type: LinkType; authorRef: string | null; createdAt: string; line: number }[] = [];

  for (let i = 0; i < lines.length; i++) {
    if (i % STEP_EVERY === 0) yield;
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (raw.trim() === "") continue;
    if (inSources) {
      sources.push(raw.trim());
      continue;
    }
    const header = nodes.length === 0 || thesisFromHeader ? HEADER.exec(raw) : null;
    if (header && nodes.length === 0) {
      const value = header[2]!.trim();
      if (header[1]!.toLowerCase() !== "thesis") {
        if (title === undefined) title = value;
        continue;
      }
      // The newer export states the thesis in the header; it is claim 1 unless a "1." line follows.
      nodes.push(emptyNode({ ref: "kialo-1", parentRef: null, kind: "PROPOSAL", side: "BUILDER", authorRef: IMPORTED_AUTHOR.BUILDER, body: unescapeKialo(value), createdAt: now }));
      indexByNumber.set("1", 0);
      lineOfNode.push(lineNo);
      last = nodes[0]!;
      thesisFromHeader = true;
      continue;
    }
    if (nodes.length > 0 && /^Sources:[ \t]*$/i.test(raw.trim())) {
      inSources = true;
      continue;
    }
    // Count components before matching, so a 100k-component number fails fast and cheaply.
    const digitsEnd = /^[ \t]*[\d.]*/.exec(raw)![0].length;
    const components = raw.slice(0, digitsEnd).split(".").filter((s) => s.trim() !== "").length;
    if (components - 1 > limits.maxDepth) {
      throw new FormatError("TOO_DEEP", `claim numbered ${components} levels deep`, { line: lineNo, column: 1 }, `depth at most ${limits.maxDepth}`);
    }
    const numbered = NUMBERED.exec(raw);
    if (!numbered) {
      if (!last) throw new FormatError("SYNTAX", "text before the first numbered claim", { line: lineNo, column: 1 }, "'Discussion Title: …' or a claim such as '1. Thesis'");
      last.body += `\n${unescapeKialo(raw.trim())}`;
      continue;
    }
    const number = numbered[1]!;
    let rest = raw.slice(numbered[0].length);
    const restColumn = numbered[0].length + 1;
    const parentNumber = number.includes(".") ? number.slice(0, number.lastIndexOf(".")) : null;

    if (number === "1" && thesisFromHeader && nodes.length === 1) {
      // "1. …" after a "Thesis:" header: the same claim, written out.
      indexByNumber.delete("1");
      nodes.length = 0;
      lineOfNode.length = 0;
    }
    thesisFromHeader = false;
    if (indexByNumber.has(number)) throw new FormatError("SYNTAX", `claim ${number} appears twice`, { line: lineNo, column: 1 }, "unique claim numbers");
    let parent: NodeRecord | null = null;
    if (parentNumber === null) {
      if (nodes.length > 0) throw new FormatError("SYNTAX", `second thesis ${number}.`, { line: lineNo, column: 1 }, `a claim below 1. such as 1.${nodes.length}.`);
    } else {
      const parentIndex = indexByNumber.get(parentNumber);
      if (parentIndex === undefined) throw new FormatError("SYNTAX", `claim ${number} appears before its parent ${parentNumber}`, { line: lineNo, column: 1 }, `claim ${parentNumber} on an earlier line`);
      parent = nodes[parentIndex]!;
    }
    if (nodes.length === 0 && parentNumber !== null) throw new FormatError("SYNTAX", `first claim is ${number}`, { line: lineNo, column: 1 }, "the thesis, numbered 1.");
    if (nodes.length >= limits.maxNodes) throw new FormatError("TOO_MANY_NODES", `more than ${limits.maxNodes} claims`, { line: lineNo, column: 1 }, `at most ${limits.maxNodes} nodes`);

    const label = parent ? /^(Pro|Con):[ \t]*/.exec(rest) : null;
    if (label) rest = rest.slice(label[0].length);

    let bb: Record<string, unknown> | null = null;
    // Our data follows the text after one space (or starts the line when the text is empty).
    const markAt = rest.lastIndexOf(DATA_MARK);
    if (markAt >= 0 && (markAt === 0 || rest[markAt - 1] === " ") && rest.trimEnd().endsWith("}")) {
      try {
        const parsed = JSON.parse(rest.slice(markAt)) as { bb?: unknown };
        if (parsed && typeof parsed.bb === "object" && parsed.bb !== null && !Array.isArray(parsed.bb)) {
          bb = parsed.bb as Record<string, unknown>;
          rest = rest.slice(0, Math.max(0, markAt - 1));
        }
      } catch {
        throw new FormatError("SYNTAX", "claim ends with malformed {\"bb\": …} data", { line: lineNo, column: restColumn + markAt + 1 }, "valid JSON data");
      }
    }
    if (!parent && bb && Array.isArray(bb.participants)) participants = bb.participants as Participant[];
    let body = unescapeKialo(rest);
    if (!parent) body = body.replace(/^Thesis:[ \t]*/i, "");
    const see = SEE.exec(body.trim());
    if (see && parent && bb && isLinkType(bb.link)) {
      ownLinks.push({
        sourceNumber: see[1]!,
        to: parent,
        type: bb.link,
        authorRef: typeof bb.author === "string" ? bb.author : null,
        createdAt: typeof bb.createdAt === "string" ? bb.createdAt : now,
        line: lineNo,
      });
      last = null;
      continue;
    }
    if (see) sees.push({ index: nodes.length, target: see[1]!, line: lineNo });
    const stance = label ? (label[1] === "Con" ? "attack" : "support") : "neutral";
    const parentForInference = parent
      ? { kind: KIND_SET.has(parent.kind) ? parent.kind : ("COMMENT" as NodeKind), side: SIDE_SET.has(parent.side) ? parent.side : ("OBSERVER" as Side) }
      : null;
    const inferred = parentForInference ? inferMove(stance, parentForInference, body) : { kind: "PROPOSAL" as NodeKind, side: "BUILDER" as Side };
    const side = (bb?.side as Side | undefined) ?? inferred.side;
    const createdAt = (bb?.createdAt as string | undefined) ?? now;
    const node = emptyNode({
      ref: (bb?.ref as string | undefined) ?? `kialo-${number}`,
      parentRef: parent ? parent.ref : null,
      kind: (bb?.kind as NodeKind | undefined) ?? inferred.kind,
      side,
      authorRef: (bb?.author as string | undefined) ?? IMPORTED_AUTHOR[SIDE_SET.has(side) ? side : "OBSERVER"],
      title: typeof bb?.title === "string" ? bb.title : "",
      body,
      createdAt,
      retractedAt: (bb?.retractedAt as string | undefined) ?? null,
      prunedAt: (bb?.prunedAt as string | undefined) ?? null,
      acceptedAt: (bb?.acceptedAt as string | undefined) ?? null,
      resolutionMode: (bb?.resolutionMode as NodeRecord["resolutionMode"] | undefined) ?? "ARGUMENTATIVE",
      outcome: (bb?.outcome as NodeRecord["outcome"] | undefined) ?? null,
    });
    indexByNumber.set(number, nodes.length);
    nodes.push(node);
    lineOfNode.push(lineNo);
    last = node;
  }
  if (nodes.length === 0) throw new FormatError("SYNTAX", "no claims found", { line: 1, column: 1 }, "a thesis line such as '1. Thesis'");

  // "-> See n." claims: the claim they name, once every claim (and its continuation lines) is read.
  const links: DebateDocument["links"] = [];
  for (const see of sees) {
    const node = nodes[see.index]!;
    const targetIndex = indexByNumber.get(see.target);
    if (targetIndex === undefined || targetIndex === see.index) {
      report?.note("unresolved");
      continue;
    }
    const target = nodes[targetIndex]!;
    node.body = target.body;
    links.push({ fromRef: node.ref, toRef: target.ref, type: "SAME_CLAIM", authorRef: node.authorRef, createdAt: node.createdAt });
    report?.note("seeAlso");
  }
  const seen = new Set<string>();
  for (const l of ownLinks) {
    const sourceIndex = indexByNumber.get(l.sourceNumber);
    if (sourceIndex === undefined) throw new FormatError("SYNTAX", `"-> See ${l.sourceNumber}." names no claim`, { line: l.line, column: 1 }, "the number of a claim in the file");
    const from = nodes[sourceIndex]!;
    if (from.ref === l.to.ref) throw new FormatError("SYNTAX", `claim ${l.sourceNumber} links to itself`, { line: l.line, column: 1 }, "a link to another claim");
    const key = JSON.stringify([from.ref, l.to.ref, l.type]);
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({ fromRef: from.ref, toRef: l.to.ref, type: l.type, authorRef: l.authorRef ?? from.authorRef, createdAt: l.createdAt });
  }
  const debate = defaultDebateMeta(title ?? "Imported Kialo discussion", now);
  if (sources.some((line) => line !== "")) {
    const listed = sources.filter((line) => line !== "");
    debate.context = `Sources:\n${listed.join("\n")}`;
    debate.links = listed.flatMap((line) => {
      const url = /https?:\/\/\S+/.exec(line)?.[0];
      return url ? [{ url, title: line.replace(/^\[?\d+[.\]]\s*/, "").replace(url, "").trim() || url }] : [];
    });
    report?.note("sources", listed.length);
  }
  return yield* finishDocument({ exportedAt: now, debate, participants, versions: null, links, nodes }, lineOfNode, limits);
}

function isLinkType(value: unknown): value is LinkType {
  return typeof value === "string" && (LINK_TYPES as readonly string[]).includes(value);
}
