// A version diff shown as formatted text: the word diff (version-diff.ts) is folded
// back into one Markdown document in which every change is bracketed by private-use
// marks; the renderer parses that document as usual and turns the text between marks
// into <ins>/<del>. Marks never sit at the start of a line (they would hide a heading,
// list or fence marker from the Markdown parser), and removed runs that are only
// punctuation (old formatting such as "**") are left out, so the new version's
// formatting wins.

import type { DiffPart } from "@/lib/domain/debate/version-diff";

export const DIFF_MARKS = {
  insStart: "\uE000",
  insEnd: "\uE001",
  delStart: "\uE002",
  delEnd: "\uE003",
} as const;

export type DiffMarkState = "same" | "added" | "removed";

const ANY_MARK = /[\uE000-\uE003]/g;
const HAS_WORD = /[\p{L}\p{N}]/u;
/** Block syntax that must stay first on its line: indentation, headings, quotes, list items, fences, table pipes. */
const LINE_START_SYNTAX = /^(?:[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+|\[[ xX]\][ \t]+|`{3,}[^\n]*\n|~{3,}[^\n]*\n|\|[ \t]*))*/;

/** Text without our marks (a user could have typed one). */
export function stripDiffMarks(text: string): string {
  return text.replace(ANY_MARK, "");
}

/** The Markdown of the new version with the changes bracketed by DIFF_MARKS. */
export function diffAsMarkdown(parts: readonly DiffPart[]): string {
  let out = "";
  for (const part of parts) {
    const text = stripDiffMarks(part.text);
    if (part.change === "same") {
      out += text;
      continue;
    }
    if (part.change === "removed" && !HAS_WORD.test(text)) continue;
    const [open, close] = part.change === "added" ? [DIFF_MARKS.insStart, DIFF_MARKS.insEnd] : [DIFF_MARKS.delStart, DIFF_MARKS.delEnd];
    // Marks go round the words only: surrounding whitespace (line breaks included) stays outside.
    const lead = /^\s*/.exec(text)![0];
    const trail = /\s*$/.exec(text.slice(lead.length))![0];
    let core = text.slice(lead.length, text.length - trail.length);
    if (core === "") {
      out += part.change === "added" ? text : "";
      continue;
    }
    out += lead;
    const atLineStart = out === "" || out.endsWith("\n");
    if (atLineStart) {
      const syntax = LINE_START_SYNTAX.exec(core)![0];
      out += syntax;
      core = core.slice(syntax.length);
    }
    // A closing fence must end its line bare too: the close mark goes before it.
    const fenceEnd = /\n[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(core);
    const tail = fenceEnd ? core.slice(fenceEnd.index) : "";
    if (fenceEnd) core = core.slice(0, fenceEnd.index);
    out += core ? `${open}${core}${close}` : "";
    out += tail + trail;
  }
  return out;
}

export interface MarkedSegment {
  text: string;
  state: DiffMarkState;
}

/**
 * Splits a rendered text run at the marks. `state` is the state at the start of the
 * run (a change may span several elements); the state after it is returned too.
 */
export function splitMarked(text: string, state: DiffMarkState): { segments: MarkedSegment[]; state: DiffMarkState } {
  const segments: MarkedSegment[] = [];
  let current = state;
  let buffer = "";
  const flush = () => {
    if (buffer) segments.push({ text: buffer, state: current });
    buffer = "";
  };
  for (const char of text) {
    const next =
      char === DIFF_MARKS.insStart ? "added" : char === DIFF_MARKS.delStart ? "removed" : char === DIFF_MARKS.insEnd || char === DIFF_MARKS.delEnd ? "same" : null;
    if (next === null) {
      buffer += char;
      continue;
    }
    flush();
    current = next;
  }
  flush();
  return { segments, state: current };
}
