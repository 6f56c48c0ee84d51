import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { forecastChartLayout, type ChartPrediction } from "@/lib/domain/empirical/forecast-chart";
import { SIDES } from "@/lib/domain/vocabulary";

const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const p = (userId: string, side: ChartPrediction["side"], probability: number, day: number): ChartPrediction => ({
  nodeId: "claim",
  userId,
  displayName: userId,
  side,
  probability,
  createdAt: at(day),
});

describe("forecastChartLayout", () => {
  const predictions = [p("ada", "BUILDER", 0.6, 1), p("ada", "BUILDER", 0.8, 3), p("bo", "BUILDER", 0.7, 2), p("cy", "BREAKER", 0.2, 2)];
  const layout = forecastChartLayout(predictions);

  it("draws each person's latest prediction once, in a row per side, with the side's median", () => {
    expect(layout.spread.rows.map((r) => r.side)).toEqual(["BUILDER", "BREAKER"]);
    const builders = layout.spread.rows[0]!;
    expect(builders.points.map((pt) => pt.label)).toEqual(["bo (Builder): 70 %", "ada (Builder): 80 %"]);
    expect(builders.median.value).toBeCloseTo(0.75);
    expect(builders.median.x).toBeCloseTo(layout.plot.left + 0.75 * (layout.plot.right - layout.plot.left));
    expect(layout.spread.rows[1]!.median).toMatchObject({ value: 0.2, count: 1 });
  });

  it("draws each person's predictions over time as steps running to the latest moment", () => {
    const ada = layout.timeline!.lines.find((l) => l.userId === "ada")!;
    expect(ada.points).toHaveLength(2);
    expect(ada.path).toMatch(new RegExp(`^M${layout.plot.left},[\\d.]+H[\\d.]+V[\\d.]+H${layout.plot.right}$`));
    expect(ada.points[1]!.y).toBeLessThan(ada.points[0]!.y); // 80 % sits higher than 60 %
    expect(layout.timeline!.start).toEqual(at(1));
    expect(layout.timeline!.end).toEqual(at(3));
  });

  it("says what it shows in one sentence", () => {
    expect(layout.summary).toBe(
      "Latest predictions of 3 people that the claim will be supported; median by side: Builders 75 % (2 people), Breakers 20 % (1 person). Timeline of 4 predictions.",
    );
    expect(forecastChartLayout([]).summary).toBe("No predictions yet.");
    expect(forecastChartLayout([]).timeline).toBeNull();
  });

  it("keeps every point and line inside the plot, whatever the predictions", () => {
    const prediction = fc.record({
      nodeId: fc.constant("claim"),
      userId: fc.constantFrom("a", "b", "c", "d", "e"),
      displayName: fc.string(),
      side: fc.constantFrom(...SIDES),
      probability: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, -0.5, 2, Number.NaN)),
      createdAt: fc.date({ min: at(1), max: at(400), noInvalidDate: true }),
    });
    fc.assert(
      fc.property(fc.array(prediction, { maxLength: 30 }), (list) => {
        const chart = forecastChartLayout(list);
        const inside = (pt: { x: number; y: number }, top: number, bottom: number) =>
          pt.x >= chart.plot.left && pt.x <= chart.plot.right && pt.y >= top && pt.y <= bottom && pt.y <= chart.height;
        for (const row of chart.spread.rows) {
          for (const pt of row.points) expect(inside(pt, chart.spread.top, chart.spread.bottom)).toBe(true);
          expect(row.median.x).toBeGreaterThanOrEqual(chart.plot.left);
          expect(row.median.x).toBeLessThanOrEqual(chart.plot.right);
        }
        for (const line of chart.timeline?.lines ?? []) {
          for (const pt of line.points) expect(inside(pt, chart.timeline!.top, chart.timeline!.bottom)).toBe(true);
          for (const n of line.path.match(/-?[\d.]+/g)!.map(Number)) expect(Number.isFinite(n) && n >= 0 && n <= chart.height + chart.width).toBe(true);
        }
        expect(chart.spread.rows.reduce((n, r) => n + r.points.length, 0)).toBe(new Set(list.map((x) => x.userId)).size);
      }),
    );
  });
});
