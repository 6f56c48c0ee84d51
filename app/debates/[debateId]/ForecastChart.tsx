import { forecastChartLayout, type ChartPrediction } from "@/lib/domain/empirical/forecast-chart";

const DAY = 24 * 60 * 60 * 1000;
/** A moment on the time axis: the date, or the time of day when everything happened within a day. */
const moment = (d: Date, spanMs: number) =>
  spanMs < DAY ? d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) : d.toLocaleDateString(undefined, { day: "numeric", month: "short" });

/**
 * The predictions of a claim drawn: latest prediction per person by side (median
 * marked) and each person's predictions over time. Colours are the side variables
 * (dark mode follows); the lists beside it carry the same numbers as text.
 */
export function ForecastChart({ predictions }: { predictions: readonly ChartPrediction[] }) {
  if (predictions.length === 0) return null;
  const chart = forecastChartLayout(predictions);
  const { left, right } = chart.plot;
  const spreadAxis = chart.spread.bottom + 2;
  const timeline = chart.timeline;
  return (
    <svg
      className="forecast-chart"
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      role="img"
      aria-label={chart.summary}
      data-testid="forecast-chart"
    >
      {chart.ticks.map((t) => {
        const x = left + t.value * (right - left);
        return (
          <g key={t.value} className="fc-tick">
            <line x1={x} x2={x} y1={chart.spread.top} y2={spreadAxis} />
            <text x={x} y={spreadAxis + 10} textAnchor="middle">{t.label}</text>
          </g>
        );
      })}
      {chart.spread.rows.map((row) => (
        <g key={row.side} className={`fc-side fc-${row.side}`}>
          <text className="fc-row-label" x={4} y={row.y + 4}>{row.label}</text>
          <line className="fc-median" x1={row.median.x} x2={row.median.x} y1={row.y - 9} y2={row.y + 9}>
            <title>{`${row.label}' median: ${Math.round(row.median.value * 100)} %`}</title>
          </line>
          {row.points.map((pt) => (
            <circle key={pt.userId} cx={pt.x} cy={pt.y} r={3.5}>
              <title>{pt.label}</title>
            </circle>
          ))}
        </g>
      ))}
      {timeline ? (
        <g>
          <rect className="fc-frame" x={left} y={timeline.top} width={right - left} height={timeline.bottom - timeline.top} />
          {[0, 0.5, 1].map((v) => {
            const y = timeline.bottom - v * (timeline.bottom - timeline.top);
            return (
              <g key={v} className="fc-tick">
                <line x1={left} x2={right} y1={y} y2={y} />
                <text x={left - 4} y={y + 3} textAnchor="end">{`${v * 100} %`}</text>
              </g>
            );
          })}
          <text className="fc-row-label" x={4} y={timeline.top - 9}>Over time</text>
          {timeline.lines.map((line) => (
            <g key={line.userId} className={`fc-side fc-${line.side}`}>
              <path className="fc-step" d={line.path} />
              {line.points.map((pt, i) => (
                <circle key={i} cx={pt.x} cy={pt.y} r={2.5}>
                  <title>{pt.label}</title>
                </circle>
              ))}
            </g>
          ))}
          <g className="fc-tick">
            <text x={left} y={timeline.bottom + 11} textAnchor="start">{moment(timeline.start, timeline.end.getTime() - timeline.start.getTime())}</text>
            <text x={right} y={timeline.bottom + 11} textAnchor="end">{moment(timeline.end, timeline.end.getTime() - timeline.start.getTime())}</text>
          </g>
        </g>
      ) : null}
    </svg>
  );
}
