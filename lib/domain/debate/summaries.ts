// Debate summaries: when one counts as endorsed, and which one is pinned. Pure.
import type { Side } from "@/lib/domain/vocabulary";

export interface SummaryLike {
  id: string;
  versionNumber: number | null;
  updatedAt: Date;
  endorsements: readonly { side: Side }[];
}

/** Endorsed when at least one Builder and one Breaker endorse its current text (an edit clears endorsements). */
export function isEndorsed(summary: Pick<SummaryLike, "endorsements">): boolean {
  const sides = new Set(summary.endorsements.map((e) => e.side));
  return sides.has("BUILDER") && sides.has("BREAKER");
}

/**
 * The summary to pin: the most recently updated endorsed one of this proposal version,
 * else of the debate as a whole (versionNumber null); null when none is endorsed.
 */
export function pinnedSummary<S extends SummaryLike>(summaries: readonly S[], version: number | null = null): S | null {
  const endorsed = summaries.filter(isEndorsed).sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? -1 : 1));
  return (version !== null ? endorsed.find((s) => s.versionNumber === version) : undefined) ?? endorsed.find((s) => s.versionNumber === null) ?? null;
}
