// Argdown import. Argdown that other people wrote is read by @argdown/core
// (argdown-map.ts). Our own exports (they carry {"bb": …} data) are read by the
// line-based reader below, which restores every field we exported and pauses
// while it reads. It reads one top-level statement or
// argument (the proposal) and nested relation lines (+ - _ and their <+ +>
// variants) below it, with optional {…} data. Our {"bb": …} data restores
// every field we exported; without it kind and side are inferred from the
// relation (see inferMove). Not supported (clear FormatError): a second
// top-level tree, premise–conclusion reconstructions, relations to an element
// that already has a parent, unless the line only names it ("+> <Title>"): that
// relation becomes a typed cross-link (support → SUPPORTS, attack → ATTACKS,
// undercut → SEE_ALSO; "+>" points from the element above, "+"/"<+" to it),
// and our own export's bb.links (every link type, exactly) wins over them.
// Tags at the end of an element's text ("#(name)" or "#name") are not text: on
// a counterexample the first names its class (our export writes its class so;
// bb.classes and the node's classRef, when present, restore it exactly, and a
// tag naming no known class makes one). Tags mid-text stay text.
// Inline // comments are kept as text. The reader is iterative: nesting depth
// only grows an array.

import type { CounterexampleClassRecord, DebateDocument, DebateMeta, LinkType, NodeKind, NodeRecord, Participant, Side } from "../document";
import { argdownTagText } from "../escape";
import { FormatError } from "../errors";
import { resolveLimits } from "../limits";
import { inferMove, type Stance } from "../semantics";
import { runSteps, STEP_EVERY, type Steps } from "../steps";
import { checkInputSizeSteps, defaultDebateMeta, emptyNode, finishDocument, IMPORTED_AUTHOR, KIND_SET, SIDE_SET, splitLinesSteps, type ImportOptions } from "./common";
import { FlowDataError, parseFlowData } from "./flow-data";
import { importArgdownMapSteps } from "./argdown-map";

const RELATION_STANCE: Record<string, Stance> = {
  "+": "support",
  "<+": "support",
  "+>": "support",
  "-": "attack",
  "<-": "attack",
  "->": "attack",
  "><": "attack",
  _: "neutral",
  "<_": "neutral",
  "_>": "neutral",
};

// [^]* rather than .*: a line may hold U+2028/U+2029, which "." does not match.
const LINE = /^([ \t]*)(?:(<\+|<-|<_|\+>|->|_>|><|\+|-|_)(?=[ \t]|$)[ \t]*)?([^]*)$/;

interface FrontMatter {
  title?: string;
  bb?: Record<string, unknown>;
}

export function importArgdown(text: string, options: ImportOptions = {}): DebateDocument {
  return runSteps(importArgdownSteps(text, options));
}

/** importArgdown in pausable steps (lib/formats/steps.ts). */
export function* importArgdownSteps(text: string, options: ImportOptions = {}): Steps<DebateDocument> {
  if (!carriesOurData(text)) return yield* importArgdownMapSteps(text, options);
  return yield* importOwnArgdownSteps(text, options);
}

/** Our exports put {"bb": …} data on elements (and bb: in the front matter); nobody else writes it. */
function carriesOurData(text: string): boolean {
  return /\{\s*"?bb"?\s*:/.test(text) || /^bb:/m.test(text);
}

/** The line reader alone (our exports); importArgdown picks it when the text carries our data. */
export function importOwnArgdown(text: string, options: ImportOptions = {}): DebateDocument {
  return runSteps(importOwnArgdownSteps(text, options));
}

function* importOwnArgdownSteps(text: string, options: ImportOptions): Steps<DebateDocument> {
  const limits = resolveLimits(options.limits);
  yield* checkInputSizeSteps(text, limits);
  const now = (options.now ?? new Date()).toISOString();
  const lines = yield* splitLinesSteps(text);

  const syntax = (line: number, column: number, message: string, expected?: string) => new FormatError("SYNTAX", message, { line, column }, expected);

  let lineIndex = 0;
  const front = readFrontMatter(lines, syntax);
  lineIndex = front.nextLine;
  let heading: string | undefined;

  const nodes: NodeRecord[] = [];
  const lineOfNode: number[] = [];
  const bodyFromData: boolean[] = [];
  // Continuation lines per node, joined once at the end (appending to the body line by line re-copied it every time).
  const continuations: (string[] | undefined)[] = [];
  // Trailing tags per node (the first on a counterexample names its class).
  const tagsOf: (string[] | undefined)[] = [];
  const indexByTitle = new Map<string, number>();
  const stack: { indent: number; index: number }[] = [];
  let lastNode = -1; // for continuation lines
  let blockCommentEnd: string | null = null;
  // Relations to elements already in the tree: cross-links (from, to as node indexes).
  const relationLinks: { from: number; to: number; type: LinkType; line: number }[] = [];

  for (; lineIndex < lines.length; lineIndex++) {
    if (lineIndex % STEP_EVERY === 0) yield;
    const raw = lines[lineIndex]!;
    const lineNo = lineIndex + 1;
    const trimmed = raw.trim();
    if (blockCommentEnd) {
      if (trimmed.includes(blockCommentEnd)) blockCommentEnd = null;
      continue;
    }
    if (trimmed === "") {
      lastNode = -1;
      continue;
    }
    if (trimmed.startsWith("//")) continue;
    if (trimmed.startsWith("/*") || trimmed.startsWith("<!--")) {
      const end = trimmed.startsWith("/*") ? "*/" : "-->";
      if (!trimmed.slice(2).includes(end)) blockCommentEnd = end;
      continue;
    }
    // A heading; a bare "#" (a blank title once trimmed) is a heading too.
    if (/^#{1,6}([ \t]|$)/.test(trimmed)) {
      heading ??= unescapeArgdown(trimmed.replace(/^#+[ \t]+/, "")).trim();
      lastNode = -1;
      continue;
    }
    if (/^\(\d+\)/.test(trimmed) || /^--/.test(trimmed)) {
      throw syntax(lineNo, raw.indexOf(trimmed[0]!) + 1, "premise–conclusion structures are not supported", "a statement, an argument or a relation line");
    }

    const match = LINE.exec(raw)!;
    const indent = match[1]!.replace(/\t/g, "    ").length;
    const relation = match[2];
    let rest = match[3]!;
    const restColumn = raw.length - rest.length + 1;

    // [Title] or <Title>, optionally followed by ':' and text.
    let title: string | null = null;
    let defines = false;
    const open = rest[0];
    if (open === "[" || open === "<") {
      const close = rest.indexOf(open === "[" ? "]" : ">");
      if (close < 0) throw syntax(lineNo, restColumn, `unclosed ${open}`, open === "[" ? "[Title]" : "<Title>");
      title = rest.slice(1, close).trim();
      rest = rest.slice(close + 1);
      if (rest.startsWith(":")) {
        defines = true;
        rest = rest.slice(1);
      }
    } else if (!relation) {
      // Plain text: continues the previous element, or is the root statement.
      if (lastNode >= 0 && !bodyFromData[lastNode]) {
        const piece = unescapeArgdown(trimmed).trim();
        if (piece) (continuations[lastNode] ??= []).push(piece);
        else continuations[lastNode] ??= [];
        continue;
      }
      if (nodes.length > 0) throw syntax(lineNo, restColumn, "text outside any element", "a relation line such as '  - <Title>: text'");
    }

    // Split off {…} data: the first unescaped '{' (our text escapes its braces).
    const dataStart = firstUnescaped(rest, "{");
    let data: Record<string, unknown> | null = null;
    if (dataStart >= 0) {
      const dataColumn = restColumn + (match[3]!.length - rest.length) + dataStart;
      try {
        const parsed = parseFlowData(rest.slice(dataStart).trim());
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
      } catch (error) {
        const offset = error instanceof FlowDataError ? error.offset : 0;
        throw syntax(lineNo, dataColumn + offset, `bad {…} data: ${error instanceof Error ? error.message : String(error)}`, "JSON or a YAML flow map");
      }
      rest = rest.slice(0, dataStart);
    }
    const trailing = splitTrailingTags(rest);
    rest = trailing.text;
    const displayText = trimSpacesAndTabs(unescapeArgdown(rest));

    // A bare [Title] that already exists is a reference: at top level it re-anchors children.
    if (title !== null && !defines && !displayText && !data && indexByTitle.has(title)) {
      if (relation) {
        while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
        const top = stack[stack.length - 1];
        if (!top) throw syntax(lineNo, indent + 1, `relation '${relation}' has no element above it to relate to`, "an indented relation below a statement or argument");
        const there = indexByTitle.get(title)!;
        if (there === top.index) throw syntax(lineNo, restColumn, `${open}${title}${open === "[" ? "]" : ">"} cannot relate to itself`, "a relation to another element");
        const outgoing = relation.endsWith(">") && relation !== "><";
        const type = LINK_TYPE_OF_STANCE[RELATION_STANCE[relation]!];
        const [from, to] = outgoing || relation === "><" ? [top.index, there] : [there, top.index];
        relationLinks.push({ from, to, type, line: lineNo });
        lastNode = -1;
        continue;
      }
      stack.length = 0;
      stack.push({ indent, index: indexByTitle.get(title)! });
      lastNode = -1;
      continue;
    }
    if (title !== null && indexByTitle.has(title)) {
      throw syntax(lineNo, restColumn, `${JSON.stringify(title)} is defined twice (first on line ${lineOfNode[indexByTitle.get(title)!]})`, "unique titles");
    }

    let parent: NodeRecord | null = null;
    if (relation) {
      while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
      const top = stack[stack.length - 1];
      if (!top) throw syntax(lineNo, indent + 1, `relation '${relation}' has no element above it to relate to`, "an indented relation below a statement or argument");
      parent = nodes[top.index]!;
    } else {
      if (nodes.length > 0) throw syntax(lineNo, restColumn, "a second top-level element; a debate has a single root", "a relation (+, - or _) attaching it to the tree");
      stack.length = 0;
    }
    const depth = stack.length;
    if (depth > limits.maxDepth) throw new FormatError("TOO_DEEP", `element at depth ${depth}`, { line: lineNo, column: indent + 1 }, `depth at most ${limits.maxDepth}`);
    if (nodes.length >= limits.maxNodes) throw new FormatError("TOO_MANY_NODES", `more than ${limits.maxNodes} elements`, { line: lineNo, column: 1 }, `at most ${limits.maxNodes} nodes`);

    const bb = data && isRecord(data.bb) ? data.bb : null;
    const node = buildNode(bb, {
      lineNo,
      title: title ?? "",
      text: displayText,
      parent,
      stance: relation ? RELATION_STANCE[relation]! : "support",
      now,
    });
    const index = nodes.length;
    if (typeof bb?.classRef === "string") node.classRef = bb.classRef;
    if (Array.isArray(bb?.answersClassRefs)) node.answersClassRefs = bb.answersClassRefs as string[];
    if (trailing.tags.length) tagsOf[index] = trailing.tags;
    nodes.push(node);
    lineOfNode.push(lineNo);
    bodyFromData.push(typeof bb?.body === "string");
    if (title) indexByTitle.set(title, index);
    stack.push({ indent, index });
    lastNode = index;
  }
  if (blockCommentEnd) throw syntax(lines.length, 1, "unterminated comment", blockCommentEnd);
  // The same text as trimming after every continuation line: body, then each non-blank piece, one space apart.
  for (let i = 0; i < continuations.length; i++) {
    const pieces = continuations[i];
    if (pieces) nodes[i]!.body = `${nodes[i]!.body} ${pieces.join(" ")}`.trim();
  }
  if (nodes.length === 0) throw syntax(1, 1, "no statement or argument found", "a top-level [Title]: text");

  const bb = front.bb;
  const classes = classesFromTags(Array.isArray(bb?.classes) ? (bb.classes as CounterexampleClassRecord[]) : [], nodes, tagsOf, now);
  return yield* finishDocument(
    {
      exportedAt: typeof bb?.exportedAt === "string" ? bb.exportedAt : now,
      debate: (bb?.debate as DebateMeta | undefined) ?? defaultDebateMeta(front.title ?? heading ?? "Imported Argdown", now),
      participants: Array.isArray(bb?.participants) ? (bb.participants as Participant[]) : [],
      versions: Array.isArray(bb?.versions) ? (bb.versions as DebateDocument["versions"]) : null,
      links: Array.isArray(bb?.links) ? (bb.links as DebateDocument["links"]) : linksFromRelations(relationLinks, nodes, now),
      ...(classes.length ? { classes } : {}),
      nodes,
    },
    lineOfNode,
    limits,
  );
}

/**
 * Counterexamples named by a tag but with no classRef join the class of that name (as its tag
 * would write it), or a new class by the tag's text, made by the counterexample's author.
 */
function classesFromTags(known: readonly CounterexampleClassRecord[], nodes: NodeRecord[], tagsOf: readonly (string[] | undefined)[], now: string): CounterexampleClassRecord[] {
  const classes = [...known];
  const refByTag = new Map<string, string>();
  for (const c of classes) if (!refByTag.has(argdownTagText(c.name))) refByTag.set(argdownTagText(c.name), c.ref);
  const refs = new Set(classes.map((c) => c.ref));
  for (const [i, tags] of tagsOf.entries()) {
    const node = nodes[i]!;
    if (!tags || node.kind !== "COUNTEREXAMPLE" || node.classRef !== undefined) continue;
    const name = tags[0]!;
    let ref = refByTag.get(name);
    if (ref === undefined) {
      let n = classes.length + 1;
      while (refs.has(`argdown-class-${n}`)) n++;
      ref = `argdown-class-${n}`;
      refs.add(ref);
      refByTag.set(name, ref);
      classes.push({ ref, name, description: "", createdByRef: node.authorRef, createdAt: now });
    }
    node.classRef = ref;
  }
  return classes;
}

/**
 * Splits the tags off the end of an element's raw (still escaped) text: "#(any text)" or
 * "#word", each after a space or at the start, with an unescaped "#". In text order.
 */
export function splitTrailingTags(raw: string): { text: string; tags: string[] } {
  const tags: string[] = [];
  let text = raw;
  for (;;) {
    const t = trimSpacesAndTabs(text);
    let start = -1;
    let tag = "";
    if (t.endsWith(")")) {
      start = t.lastIndexOf("#(");
      tag = start >= 0 ? t.slice(start + 2, -1) : "";
      if (tag.includes(")")) start = -1;
    } else {
      start = t.lastIndexOf("#");
      tag = start >= 0 ? t.slice(start + 1) : "";
      if (!/^[\p{L}\p{N}_-]+$/u.test(tag)) start = -1;
    }
    if (start < 0 || !tagStartsHere(t, start) || !tag.trim()) break;
    tags.unshift(tag.replace(/[\s\u00a0]+/g, " ").trim());
    text = t.slice(0, start);
  }
  return { text: tags.length ? text : raw, tags };
}

/** A "#" at `i` opens a tag: at the start or after whitespace, and not escaped (an even run of backslashes before it). */
function tagStartsHere(text: string, i: number): boolean {
  if (i > 0 && !/\s/.test(text[i - 1]!)) return false;
  let slashes = 0;
  for (let j = i - 1; j >= 0 && text[j] === "\\"; j--) slashes++;
  return slashes % 2 === 0;
}

const LINK_TYPE_OF_STANCE: Record<Stance, LinkType> = { support: "SUPPORTS", attack: "ATTACKS", neutral: "SEE_ALSO" };

/** Relation-made links, each (from, to, type) once; the source element's author wrote it. */
function linksFromRelations(found: readonly { from: number; to: number; type: LinkType }[], nodes: readonly NodeRecord[], now: string): DebateDocument["links"] {
  const seen = new Set<string>();
  const out: DebateDocument["links"] = [];
  for (const l of found) {
    const from = nodes[l.from]!;
    const to = nodes[l.to]!;
    const key = JSON.stringify([from.ref, to.ref, l.type]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ fromRef: from.ref, toRef: to.ref, type: l.type, authorRef: from.authorRef, createdAt: now });
  }
  return out;
}

function buildNode(
  bb: Record<string, unknown> | null,
  at: { lineNo: number; title: string; text: string; parent: NodeRecord | null; stance: Stance; now: string },
): NodeRecord {
  // Without data, an element's title is its title and its text the body; a
  // title alone is the body. With our data, title and exact body come from it.
  let title = at.title;
  let body = at.text;
  if (bb) {
    title = typeof bb.title === "string" ? bb.title : "";
    body = typeof bb.body === "string" ? bb.body : at.text;
  } else if (!body) {
    body = title;
    title = "";
  }
  const parentForInference = at.parent
    ? { kind: KIND_SET.has(at.parent.kind) ? at.parent.kind : ("COMMENT" as NodeKind), side: SIDE_SET.has(at.parent.side) ? at.parent.side : ("OBSERVER" as Side) }
    : null;
  const inferred = parentForInference ? inferMove(at.stance, parentForInference, body) : { kind: "PROPOSAL" as NodeKind, side: "BUILDER" as Side };
  const kind = (bb?.kind as NodeKind | undefined) ?? inferred.kind;
  const side = (bb?.side as Side | undefined) ?? inferred.side;
  const createdAt = (bb?.createdAt as string | undefined) ?? at.now;
  const pick = <T>(key: string, fallback: T): T => (bb && key in bb ? (bb[key] as T) : fallback);
  return emptyNode({
    ref: (bb?.ref as string | undefined) ?? `argdown-line-${at.lineNo}`,
    parentRef: at.parent ? at.parent.ref : null,
    kind,
    side,
    authorRef: (bb?.author as string | undefined) ?? IMPORTED_AUTHOR[SIDE_SET.has(side) ? side : "OBSERVER"],
    title,
    body,
    createdAt,
    updatedAt: pick("updatedAt", createdAt),
    quote: pick("quote", null),
    targetVersions: pick("targetVersions", []),
    answersRefs: pick("answersRefs", []),
    retractedAt: pick("retractedAt", null),
    prunedAt: pick("prunedAt", null),
    acceptedAt: pick("acceptedAt", null),
    acceptedByRef: pick("acceptedByRef", null),
    resolutionMode: pick("resolutionMode", "ARGUMENTATIVE"),
    outcome: pick("outcome", null),
  });
}

function readFrontMatter(lines: string[], syntax: (line: number, column: number, message: string, expected?: string) => FormatError): FrontMatter & { nextLine: number } {
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === "") i++;
  if (i >= lines.length || !/^===+\s*$/.test(lines[i]!)) return { nextLine: 0 };
  const start = i;
  const out: FrontMatter = {};
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^===+\s*$/.test(line)) return { ...out, nextLine: i + 1 };
    const kv = /^([A-Za-z_][\w-]*):[ \t]*([^]*)$/.exec(line);
    if (!kv) continue; // other YAML we do not need
    const [, key, value] = kv;
    if (key === "bb" || key === "title") {
      let parsed: unknown;
      try {
        parsed = key === "title" && !/^["'{[]/.test(value!) ? value : parseFlowData(value!.startsWith("{") ? value! : `{"v":${value}}`);
        if (key === "title" && typeof parsed === "object" && parsed) parsed = (parsed as { v?: unknown }).v;
      } catch (error) {
        throw syntax(i + 1, key!.length + 3, `bad front matter value: ${error instanceof Error ? error.message : String(error)}`, "JSON or a YAML flow value");
      }
      if (key === "bb") {
        if (!isRecord(parsed)) throw syntax(i + 1, 1, "front matter bb is not an object", "bb: {…}");
        out.bb = parsed;
      } else out.title = String(parsed);
    }
  }
  throw syntax(start + 1, 1, "front matter is never closed", "a closing === line");
}

function firstUnescaped(text: string, char: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

/** Strips spaces and tabs at both ends (a /^[ \t]+|[ \t]+$/ regex backtracks quadratically over long inner runs). */
function trimSpacesAndTabs(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === " " || text[start] === "\t")) start++;
  while (end > start && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  return text.slice(start, end);
}

/** Undoes escapeArgdownText: "\x" is the character x. */
export function unescapeArgdown(text: string): string {
  return text.replace(/\\([\s\S])/g, "$1");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
