// Argdown as Argdown users write it, read by @argdown/core (the reference
// parser) and mapped from its model: equivalence classes (one claim however
// often a statement is defined or referenced), arguments, premise–conclusion
// structures (premises support their argument, the argument supports its main
// conclusion), and the relations in the direction the model gives them (`[A]`
// with `-> <B>` under it: A attacks B). Tags stay in the text, front matter
// other than the title becomes debate context, and every such choice is counted
// in the import report. The parser runs in one synchronous call (it is not
// written to pause); the input limits bound it, and the scaling test keeps it linear.

import * as argdown from "@argdown/core";
import type { DebateDocument } from "../document";
import { FormatError } from "../errors";
import { resolveLimits, type ImportLimits } from "../limits";
import { type Steps } from "../steps";
import { checkInputSizeSteps, type ImportOptions } from "./common";
import { graphToDocument, type ArgumentGraph, type GraphRelation, type GraphStatement, type RelationType } from "./graph";
import type { ImportReport } from "./report";

interface Member {
  text?: string;
  tags?: string[];
  startLine?: number;
}
interface ModelElement {
  type: string;
  title?: string;
  members?: Member[];
  pcs?: { role: string; title?: string }[];
  startLine?: number;
  argumentTitle?: string;
}
interface ModelRelation {
  from?: ModelElement;
  to?: ModelElement;
  relationType: string;
  occurrences?: { startLine?: number }[];
}
interface ParseError {
  message: string;
  token?: { startLine?: number; startColumn?: number; image?: string };
  line?: number;
  column?: number;
}
interface ArgdownResponse {
  lexerErrors?: ParseError[];
  parserErrors?: ParseError[];
  exceptions?: Error[];
  statements?: Record<string, ModelElement>;
  arguments?: Record<string, ModelElement>;
  relations?: ModelRelation[];
  sections?: unknown[];
  frontMatter?: Record<string, unknown>;
}

const RELATION: Record<string, RelationType> = {
  support: "support",
  entails: "support",
  attack: "attack",
  undercut: "undercut",
  contrary: "contrary",
  contradictory: "contradictory",
};

/**
 * The parser recurses once per nesting level and gives up (without a position)
 * somewhere between 200 and 300 levels on Node's default stack (measured), so
 * deeper maps are refused before it runs.
 */
export const ARGDOWN_MAX_NESTING = 200;

/**
 * @argdown/core's model adds the space for each line break of a statement by
 * re-reading the whole text so far (ModelPlugin's NEWLINE listener flattens the
 * string): lines × characters of one element. 8,000 lines of 350 kB took 31 s
 * (measured), so an element beyond this product is refused before parsing.
 */
const CONTINUATION_BUDGET = 20_000_000;
/** What starts a new element (or relation) on a line; any other non-blank line continues the one above. */
const STARTS_ELEMENT = /^(?:[[<>+\-_#*(/]|\d+\.)/;

/**
 * The parser runs in one synchronous call of about 1 ms per 60 characters here
 * (14,000 lines, 300 kB: 5 s, measured; linear), holding the event loop all that
 * time, so third-party maps are capped well below the upload limit.
 */
export const ARGDOWN_MAX_CHARS = 1_000_000;

let application: argdown.ArgdownApplication | undefined;
function argdownApp(): argdown.ArgdownApplication {
  if (!application) {
    // Its default logger prints plugin failures to the console; the errors come back in the response instead.
    application = new argdown.ArgdownApplication({ log: () => {}, setLevel: () => {} });
    application.addPlugin(new argdown.ParserPlugin(), "parse-input");
    application.addPlugin(new argdown.DataPlugin(), "build-model");
    application.addPlugin(new argdown.ModelPlugin(), "build-model");
  }
  return application;
}

/** Reads third-party Argdown into a document and its cross-links. */
export function* importArgdownMapSteps(text: string, options: ImportOptions = {}): Steps<DebateDocument> {
  const limits = resolveLimits(options.limits);
  yield* checkInputSizeSteps(text, limits);
  const now = (options.now ?? new Date()).toISOString();
  checkBeforeParsing(text, limits);
  if (text.length > ARGDOWN_MAX_CHARS) {
    throw new FormatError("TOO_LARGE", `the map has ${text.length} characters`, { line: 1, column: 1 }, `an Argdown map of at most ${ARGDOWN_MAX_CHARS} characters (our own Argdown exports have no such limit)`);
  }
  yield;
  let response: ArgdownResponse;
  try {
    response = argdownApp().run({ process: ["parse-input", "build-model"], input: text.replace(/^\uFEFF/, ""), logLevel: "error" }) as unknown as ArgdownResponse;
  } catch (error) {
    if (error instanceof RangeError) throw new FormatError("TOO_DEEP", "the map is nested too deeply to read", { line: 1, column: 1 }, `depth at most ${limits.maxDepth}`);
    throw new FormatError("SYNTAX", `the Argdown parser failed: ${error instanceof Error ? error.message : String(error)}`, { line: 1, column: 1 }, "valid Argdown");
  }
  const problem = response.lexerErrors?.[0] ?? response.parserErrors?.[0];
  if (problem) {
    const finite = (...values: (number | undefined)[]) => values.find((v) => v !== undefined && Number.isFinite(v)) ?? 1;
    const line = finite(problem.token?.startLine, problem.line);
    const column = finite(problem.token?.startColumn, problem.column);
    throw new FormatError("SYNTAX", plainArgdownError(problem), { line, column }, "valid Argdown");
  }
  const failure = response.exceptions?.[0];
  if (failure) throw new FormatError("SYNTAX", `the Argdown parser could not read the file (${failure.message})`, { line: 1, column: 1 }, "valid Argdown");
  yield;
  const graph = modelToGraph(response, options.report);
  return yield* graphToDocument(graph, { now, limits, report: options.report });
}

/** @include needs other files; an upload is one file. Nesting deeper than the limit is refused before the parser recurses into it. */
function checkBeforeParsing(text: string, limits: ImportLimits): void {
  if (!/\S/.test(text.replace(/^\uFEFF/, ""))) throw new FormatError("SYNTAX", "the file is empty", { line: 1, column: 1 }, "a statement such as '[Title]: text'");
  const include = /^[ \t]*@include\b/m.exec(text);
  if (include) {
    const { line, column } = positionOf(text, include.index + include[0].indexOf("@"));
    throw new FormatError("SYNTAX", "@include is not supported in uploads: the included files are not part of the upload", { line, column }, "one self-contained Argdown file (paste the included text in its place)");
  }
  const maxDepth = Math.min(limits.maxDepth, ARGDOWN_MAX_NESTING);
  // Nesting depth by indentation (a stack of the indents above the line), before the parser recurses into it.
  const indents: number[] = [];
  let line = 0;
  let element = { line: 1, lines: 0, chars: 0 };
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    line++;
    let indent = 0;
    while (start + indent < end && (text[start + indent] === " " || text[start + indent] === "\t")) indent++;
    if (start + indent >= end || text[start + indent] === "\r") {
      indents.length = 0; // a blank line ends the element
      element = { line: line + 1, lines: 0, chars: 0 };
    } else {
      if (STARTS_ELEMENT.test(text.slice(start + indent, start + indent + 3))) element = { line, lines: 0, chars: 0 };
      element.lines++;
      element.chars += end - start;
      if (element.lines * element.chars > CONTINUATION_BUDGET) {
        throw new FormatError(
          "SYNTAX",
          `the element starting on line ${element.line} continues over ${element.lines} lines (${element.chars} characters), more than the Argdown parser reads in reasonable time`,
          { line: element.line, column: 1 },
          "shorter statements, or its lines joined into fewer, longer ones",
        );
      }
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      if (indents.length - 1 > maxDepth) {
        throw new FormatError("TOO_DEEP", `a relation nested ${indents.length - 1} levels deep`, { line, column: indent + 1 }, `depth at most ${maxDepth}`);
      }
    }
    start = end + 1;
  }
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Chevrotain's messages name token types ("Expecting token of type --> Dedent <--"); say it for people. */
function plainArgdownError(problem: ParseError): string {
  const found = problem.token?.image ? ` at ${JSON.stringify(problem.token.image)}` : "";
  if (/\bEOF\b/.test(problem.message)) return `unexpected${found}: top-level elements need a blank line between them`;
  if (/Dedent|Indent/.test(problem.message)) return `unexpected indentation${found}: a relation line must sit under the element it relates to, and top-level elements need a blank line between them`;
  return `${problem.message.replace(/-->\s*|\s*<--/g, "").split("\n")[0]}`;
}

function modelToGraph(response: ArgdownResponse, report: ImportReport | undefined): ArgumentGraph {
  const statements: (GraphStatement & { order: number })[] = [];
  const relations: GraphRelation[] = [];
  const idOf = (el: ModelElement | undefined): string | null => {
    if (!el) return null;
    if (el.type === "equivalence-class") return `statement:${el.title}`;
    if (el.type === "argument") return `argument:${el.title}`;
    if (el.type === "inference" && el.argumentTitle) return `argument:${el.argumentTitle}`;
    return null;
  };
  let tags = 0;
  const add = (id: string, el: ModelElement) => {
    const texts: string[] = [];
    let line = el.startLine ?? Infinity;
    for (const m of el.members ?? []) {
      const t = m.text?.trim();
      if (t && !texts.includes(t)) texts.push(t);
      tags += m.tags?.length ?? 0;
      if (m.startLine !== undefined && m.startLine < line) line = m.startLine;
    }
    if (texts.length > 1) report?.note("merged");
    const title = el.title ?? "";
    const untitled = /^Untitled \d+$/.test(title);
    statements.push({ id, text: texts.join("\n\n") || title, title: texts.length && !untitled ? title : "", line: Number.isFinite(line) ? line : 1, order: Number.isFinite(line) ? line : Infinity });
  };
  for (const el of Object.values(response.statements ?? {})) add(`statement:${el.title}`, el);
  for (const el of Object.values(response.arguments ?? {})) {
    add(`argument:${el.title}`, el);
    const pcs = el.pcs ?? [];
    if (pcs.length) report?.note("premises");
    for (const p of pcs) {
      if (!p.title) continue;
      // The argument supports its main conclusion; premises and intermediary conclusions support the argument.
      if (p.role === "main-conclusion") relations.push({ from: `argument:${el.title}`, to: `statement:${p.title}`, type: "support" });
      else relations.push({ from: `statement:${p.title}`, to: `argument:${el.title}`, type: "support" });
    }
  }
  for (const rel of response.relations ?? []) {
    const from = idOf(rel.from);
    const to = idOf(rel.to);
    const type = RELATION[rel.relationType];
    if (!from || !to || !type) continue;
    relations.push({ from, to, type });
  }
  report?.note("tags", tags);
  // Document order, so the first main claim of the file wins ties.
  statements.sort((a, b) => a.order - b.order);
  const known = new Set(statements.map((s) => s.id));
  const front = response.frontMatter ?? {};
  const context: string[] = [];
  for (const [key, value] of Object.entries(front)) {
    if (key === "title") continue;
    context.push(`${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  }
  report?.note("frontMatter", context.length);
  report?.note("headings", response.sections?.length ?? 0);
  const firstSection = (response.sections?.[0] as { title?: string } | undefined)?.title;
  return {
    title: typeof front.title === "string" && front.title.trim() ? front.title.trim() : (firstSection ?? "Imported Argdown"),
    context: context.join("\n"),
    statements: statements.map(({ order: _order, ...s }) => s),
    relations: relations.filter((r) => known.has(r.from) && known.has(r.to)),
    participants: [],
  };
}

