// The predictions of an empirical claim drawn small: the spread of everyone's latest
// prediction on a 0–100 % axis, one row per side with its median marked, and a
// timeline in which each person's predictions are a step line (a prediction holds
// until the next). Pure layout in viewBox units; app/debates/[debateId]/ForecastChart.tsx draws it.
import { SIDES, SIDE_LABELS, type Side } from "@/lib/domain/vocabulary";
import { latestPredictions, summarize, type PredictionRow } from "@/lib/domain/empirical/scoring";

export interface ChartPrediction extends PredictionRow {
  displayName: string;
}

export interface ChartPoint {
  x: number;
  y: number;
  side: Side;
  userId: string;
  /** "Ada (Builder): 70 %" — the point's tooltip. */
  label: string;
}

export interface SpreadRow {
  side: Side;
  label: string;
  /** Centre line of the row. */
  y: number;
  points: ChartPoint[];
  median: { x: number; value: number; count: number };
}

export interface TimelineLine {
  userId: string;
  side: Side;
  /** Step path: horizontal while a prediction holds, vertical when it changes; runs to the last moment shown. */
  path: string;
  points: ChartPoint[];
}

export interface ForecastChartLayout {
  width: number;
  height: number;
  plot: { left: number; right: number };
  /** Ticks of the probability axis (x in the spread, y in the timeline). */
  ticks: Array<{ value: number; label: string }>;
  spread: { top: number; bottom: number; rows: SpreadRow[] };
  timeline: { top: number; bottom: number; lines: TimelineLine[]; start: Date; end: Date } | null;
  summary: string;
}

const WIDTH = 320;
const LEFT = 62;
const RIGHT = 18;
const ROW_HEIGHT = 22;
const TOP = 6;
const AXIS_SPACE = 16;
const TIMELINE_GAP = 20;
const TIMELINE_HEIGHT = 96;
const BOTTOM = 16;
/** Points sharing a row are spread over three lanes so equal values stay visible. */
const LANE_OFFSETS = [0, -5, 5];

export const pctLabel = (p: number) => `${Math.round(p * 100)} %`;
const clamp01 = (p: number) => (Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0);

export function forecastChartLayout(predictions: readonly ChartPrediction[]): ForecastChartLayout {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (p: number) => LEFT + clamp01(p) * plotWidth;
  const name = (p: ChartPrediction) => `${p.displayName} (${SIDE_LABELS[p.side]}): ${pctLabel(clamp01(p.probability))}`;
  const latest = latestPredictions(predictions).sort((a, b) => a.probability - b.probability || a.userId.localeCompare(b.userId));

  const rows: SpreadRow[] = [];
  for (const side of SIDES) {
    const ofSide = latest.filter((p) => p.side === side);
    const stats = summarize(ofSide.map((p) => clamp01(p.probability)));
    if (!stats) continue;
    const y = TOP + rows.length * ROW_HEIGHT + ROW_HEIGHT / 2;
    rows.push({
      side,
      label: `${SIDE_LABELS[side]}s`,
      y,
      points: ofSide.map((p, i) => ({ x: x(p.probability), y: y + LANE_OFFSETS[i % LANE_OFFSETS.length]!, side, userId: p.userId, label: name(p) })),
      median: { x: x(stats.median), value: stats.median, count: stats.count },
    });
  }
  const spreadBottom = TOP + Math.max(rows.length, 1) * ROW_HEIGHT;

  let timeline: ForecastChartLayout["timeline"] = null;
  let height = spreadBottom + AXIS_SPACE + BOTTOM;
  if (predictions.length > 0) {
    const times = predictions.map((p) => p.createdAt.getTime());
    const start = Math.min(...times);
    const end = Math.max(...times);
    const top = spreadBottom + AXIS_SPACE + TIMELINE_GAP;
    const bottom = top + TIMELINE_HEIGHT;
    // One moment only: every prediction sits at the right edge, where "now" is.
    const tx = (t: number) => (end === start ? LEFT + plotWidth : LEFT + ((t - start) / (end - start)) * plotWidth);
    const ty = (p: number) => bottom - clamp01(p) * TIMELINE_HEIGHT;
    const byUser = new Map<string, ChartPrediction[]>();
    for (const p of [...predictions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
      const list = byUser.get(p.userId) ?? [];
      list.push(p);
      byUser.set(p.userId, list);
    }
    const lines: TimelineLine[] = [];
    for (const [userId, list] of byUser) {
      const first = list[0]!;
      let path = `M${round(tx(first.createdAt.getTime()))},${round(ty(first.probability))}`;
      for (const p of list.slice(1)) path += `H${round(tx(p.createdAt.getTime()))}V${round(ty(p.probability))}`;
      path += `H${round(LEFT + plotWidth)}`;
      lines.push({
        userId,
        side: list[list.length - 1]!.side,
        path,
        points: list.map((p) => ({ x: tx(p.createdAt.getTime()), y: ty(p.probability), side: p.side, userId, label: name(p) })),
      });
    }
    timeline = { top, bottom, lines, start: new Date(start), end: new Date(end) };
    height = bottom + BOTTOM;
  }

  return {
    width: WIDTH,
    height,
    plot: { left: LEFT, right: LEFT + plotWidth },
    ticks: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, label: pctLabel(value) })),
    spread: { top: TOP, bottom: spreadBottom, rows },
    timeline,
    summary: chartSummary(rows, predictions.length),
  };
}

/** One sentence a screen reader hears instead of the picture. */
function chartSummary(rows: readonly SpreadRow[], total: number): string {
  if (total === 0) return "No predictions yet.";
  const people = rows.reduce((n, r) => n + r.median.count, 0);
  const medians = rows.map((r) => `${r.label} ${pctLabel(r.median.value)} (${r.median.count} ${r.median.count === 1 ? "person" : "people"})`);
  return `Latest predictions of ${people} ${people === 1 ? "person" : "people"} that the claim will be supported; median by side: ${medians.join(", ")}. Timeline of ${total} ${total === 1 ? "prediction" : "predictions"}.`;
}

const round = (n: number) => Math.round(n * 10) / 10;
