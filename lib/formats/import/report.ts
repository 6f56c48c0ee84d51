// What an import could not place exactly. Third-party formats say more than a
// builder/breaker tree holds (several top-level claims, undercuts, tags, extra
// front matter); nothing is dropped silently: each importer counts what it kept
// in another shape, and the import answer lists it ("12 relations kept as
// cross-links, 2 tags kept as text").

export const REPORT_PHRASES = {
  crossLinks: ["relation kept as a cross-link", "relations kept as cross-links"],
  undercuts: ["undercut kept as an attack on its argument", "undercuts kept as attacks on their arguments"],
  contraries: ["contrary or contradictory relation kept as an attack", "contrary or contradictory relations kept as attacks"],
  detached: ["claim with no relation to the main claim placed under the proposal", "claims with no relation to the main claim placed under the proposal"],
  tags: ["tag kept as text", "tags kept as text"],
  merged: ["statement defined in several places merged into one claim", "statements defined in several places merged into one claim"],
  frontMatter: ["front matter field kept as debate context", "front matter fields kept as debate context"],
  headings: ["heading not kept (sections are not part of a debate)", "headings not kept (sections are not part of a debate)"],
  premises: ["premise–conclusion argument kept as an argument with its premises as supports", "premise–conclusion arguments kept as arguments with their premises as supports"],
  sources: ["source kept in the debate context", "sources kept in the debate context"],
  seeAlso: ["“See” reference kept as a cross-link", "“See” references kept as cross-links"],
  unresolved: ["reference to a claim that is not in the file kept as text", "references to claims that are not in the file kept as text"],
  dialogue: ["dialogue node (locution or transition) used only for authors", "dialogue nodes (locutions or transitions) used only for authors"],
  unschemed: ["edge between two claims with no scheme node kept as a reply without stance", "edges between two claims with no scheme node kept as replies without stance"],
  preferences: ["preference node kept as a cross-link", "preference nodes kept as cross-links"],
  quotesAnchored: ["quoting reply attached to the passage it quotes", "quoting replies attached to the passages they quote"],
  quotesUnmatched: ["quotation not found in an earlier comment (kept in the text)", "quotations not found in an earlier comment (kept in the text)"],
} as const satisfies Record<string, readonly [string, string]>;

export type ReportItem = keyof typeof REPORT_PHRASES;

export class ImportReport {
  private readonly counts = new Map<ReportItem, number>();

  note(item: ReportItem, count = 1): void {
    if (count > 0) this.counts.set(item, (this.counts.get(item) ?? 0) + count);
  }

  count(item: ReportItem): number {
    return this.counts.get(item) ?? 0;
  }

  /** One plain sentence per item, in the order first noted: "12 relations kept as cross-links". */
  lines(): string[] {
    return [...this.counts].map(([item, n]) => `${n} ${REPORT_PHRASES[item][n === 1 ? 0 : 1]}`);
  }
}
