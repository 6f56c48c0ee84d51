// The research agenda: unresolved empirical claims, ranked by how much the
// sides disagree and how much of the debate hangs on them, or by expected belief
// change. Claims that are not empirical but carry crux-ledger entries are on it too,
// flagged "crux (not empirical)" (kind CRUX), so one list ranks every claim by how much
// it would move people. Exportable as CSV and Markdown.
import type { ExperimentStatus, Side } from "@/lib/domain/vocabulary";
import { buildForest, type NodeRow } from "@/lib/domain/debate/tree";
import { predictionDistribution, type PredictionRow, type Stats } from "@/lib/domain/empirical/scoring";
import { reduceResolution, type ResolutionEventRow, type ResolutionState } from "@/lib/domain/empirical/resolution";
import { sortByKey } from "@/lib/domain/sort";
import { expectedBeliefChange, latestPerUser, type EstimateRow } from "@/lib/domain/cruxes/ledger";

export interface ExperimentCardRow {
  nodeId: string;
  question: string;
  method: string;
  supportIf: string;
  refuteIf: string;
  ownerId: string | null;
  status: ExperimentStatus;
}

export type AgendaNode = Pick<NodeRow, "id" | "parentId" | "createdAt" | "resolutionMode" | "retractedAt"> & {
  title?: string;
  /** A pruned claim that is not empirical leaves the agenda (its verdict, if conceded, is on the state page). */
  prunedAt?: Date | null;
};

/** EMPIRICAL: an open or disputed empirical claim. CRUX: a claim that is not empirical, on the agenda for its crux-ledger entries. */
export type AgendaKind = "EMPIRICAL" | "CRUX";
export const AGENDA_KIND_LABELS: Readonly<Record<AgendaKind, string>> = { EMPIRICAL: "empirical", CRUX: "crux (not empirical)" };

export interface AgendaRow {
  nodeId: string;
  kind: AgendaKind;
  title: string;
  createdAt: Date;
  status: Exclude<ResolutionState["status"], "resolved">;
  card: ExperimentCardRow | null;
  spread: Record<Side, Stats | null>;
  predictionCount: number;
  /** |mean(builders) − mean(breakers)|; null when a side has not predicted. */
  disagreement: number | null;
  /** Nodes below the claim: the branches that hang on its outcome. */
  dependentNodes: number;
  /**
   * How far the participants expect to move on the claim's parent, summed, each move
   * weighted by their own probability of the claim (lib/domain/cruxes/ledger.ts); 0
   * when nobody recorded conditionals.
   */
  expectedBeliefChange: number;
  /** How many participants recorded conditionals on the claim. */
  cruxEstimators: number;
}

/**
 * One row per empirical, non-retracted claim that is open or disputed, and one per claim that
 * is not empirical, neither retracted nor pruned, with crux-ledger entries (status "open": only
 * an empirical resolution is disputed).
 */
export function agendaRows(input: {
  nodes: readonly AgendaNode[];
  cards: readonly ExperimentCardRow[];
  predictions: readonly PredictionRow[];
  resolutionEvents: readonly ResolutionEventRow[];
  cruxEstimates?: readonly EstimateRow[];
}): AgendaRow[] {
  const forest = buildForest(input.nodes);
  const cardOf = new Map(input.cards.map((c) => [c.nodeId, c]));
  const group = <T extends { nodeId: string }>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const list = map.get(r.nodeId) ?? [];
      list.push(r);
      map.set(r.nodeId, list);
    }
    return map;
  };
  const predictionsOf = group(input.predictions);
  const eventsOf = group(input.resolutionEvents);
  const estimatesOf = group(input.cruxEstimates ?? []);

  const rows: AgendaRow[] = [];
  for (const node of input.nodes) {
    if (node.retractedAt !== null) continue;
    const empirical = node.resolutionMode === "EMPIRICAL";
    if (!empirical && (!estimatesOf.has(node.id) || (node.prunedAt ?? null) !== null)) continue;
    const state = empirical ? reduceResolution(eventsOf.get(node.id) ?? []) : ({ status: "open" } as const);
    if (state.status === "resolved") continue;
    const spread = predictionDistribution(predictionsOf.get(node.id) ?? []);
    const estimates = estimatesOf.get(node.id) ?? [];
    const latestPredictions = new Map(latestPerUser(predictionsOf.get(node.id) ?? []).map((p) => [p.userId, p.probability]));
    const builders = spread.BUILDER;
    const breakers = spread.BREAKER;
    rows.push({
      nodeId: node.id,
      kind: empirical ? "EMPIRICAL" : "CRUX",
      title: node.title ?? "",
      createdAt: node.createdAt,
      status: state.status,
      card: cardOf.get(node.id) ?? null,
      spread,
      predictionCount: (builders?.count ?? 0) + (breakers?.count ?? 0) + (spread.OBSERVER?.count ?? 0),
      disagreement: builders && breakers ? Math.abs(builders.mean - breakers.mean) : null,
      dependentNodes: (forest.byId.get(node.id)?.subtreeSize ?? 1) - 1,
      expectedBeliefChange: expectedBeliefChange(estimates, latestPredictions),
      cruxEstimators: latestPerUser(estimates).length,
    });
  }
  return sortAgenda(rows, "disagreement", "desc");
}

export type AgendaSortField = "disagreement" | "expectedBeliefChange" | "dependentNodes" | "predictionCount" | "createdAt" | "title";

/** Sorted copy; rows without a value (no disagreement yet) always last. */
export function sortAgenda(
  rows: readonly AgendaRow[],
  field: AgendaSortField,
  direction: "asc" | "desc" = "desc",
): AgendaRow[] {
  const key = (r: AgendaRow): number | string | null =>
    field === "createdAt" ? r.createdAt.getTime() : field === "title" ? r.title.toLowerCase() : r[field];
  return sortByKey(rows, key, direction);
}

const COLUMNS = [
  "Claim",
  "Kind",
  "Status",
  "Question",
  "Method",
  "Supported if",
  "Refuted if",
  "Experiment",
  "Builders mean",
  "Breakers mean",
  "Observers mean",
  "Predictions",
  "Disagreement",
  "Dependent nodes",
  "Expected belief change",
] as const;

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? "" : n.toFixed(2));

function tableCells(row: AgendaRow): string[] {
  return [
    row.title,
    AGENDA_KIND_LABELS[row.kind],
    row.status,
    row.card?.question ?? "",
    row.card?.method ?? "",
    row.card?.supportIf ?? "",
    row.card?.refuteIf ?? "",
    row.card?.status ?? "",
    fmt(row.spread.BUILDER?.mean),
    fmt(row.spread.BREAKER?.mean),
    fmt(row.spread.OBSERVER?.mean),
    String(row.predictionCount),
    fmt(row.disagreement),
    String(row.dependentNodes),
    fmt(row.expectedBeliefChange),
  ];
}

/** Spreadsheets run cells starting with = + - @ (or tab/CR) as formulas; a leading ' defuses them. */
export function defuseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: quote fields containing comma, quote, CR or LF; double inner quotes. */
export function csvField(cell: string): string {
  const safe = defuseFormula(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV with a header row and CRLF line endings. */
export function agendaToCsv(rows: readonly AgendaRow[]): string {
  const lines = [COLUMNS.map(csvField).join(",")];
  for (const row of rows) lines.push(tableCells(row).map(csvField).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** A table cell that cannot break the table: pipes escaped, newlines become spaces. */
export function markdownCell(cell: string): string {
  return cell.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replace(/\r\n|\r|\n/g, " ");
}

export function agendaToMarkdown(rows: readonly AgendaRow[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  const out = [line(COLUMNS), `|${COLUMNS.map(() => " --- ").join("|")}|`];
  for (const row of rows) out.push(line(tableCells(row)));
  return out.join("\n") + "\n";
}
