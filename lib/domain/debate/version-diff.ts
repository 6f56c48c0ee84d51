// The word diff between two proposal versions, with a time bound. jsdiff's
// diffWords is quadratic on unrelated texts (two 50,000-character rewrites took
// 46 s here); with `timeout` it gives up and the versions are shown as
// "rewritten": the previous text replaced wholesale.

import { diffWords } from "diff";

export interface DiffPart {
  text: string;
  change: "added" | "removed" | "same";
}

export interface VersionDiff {
  /** True when no word diff was found in time: `parts` is the old text removed, then the new text added. */
  rewritten: boolean;
  parts: DiffPart[];
}

/** Longest a word diff may run before the versions count as rewritten. */
export const WORD_DIFF_TIMEOUT_MS = 200;

/** One piece of jsdiff's answer, as it crosses a worker boundary. */
export interface WordChange {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export function versionDiff(before: string, after: string, timeoutMs = WORD_DIFF_TIMEOUT_MS): VersionDiff {
  return diffFromChanges(diffWords(before, after, { timeout: timeoutMs }), before, after);
}

/** jsdiff's changes (undefined when it ran out of time) as a version diff. */
export function diffFromChanges(changes: readonly WordChange[] | undefined | null, before: string, after: string): VersionDiff {
  if (!changes) return { rewritten: true, parts: rewrittenParts(before, after) };
  return {
    rewritten: false,
    parts: changes.map((part) => ({ text: part.value, change: part.added ? "added" : part.removed ? "removed" : "same" })),
  };
}

function rewrittenParts(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  if (before) parts.push({ text: before, change: "removed" });
  if (after) parts.push({ text: after, change: "added" });
  return parts;
}
