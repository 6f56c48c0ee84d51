"use client";
import { useEffect, useState } from "react";
import { callApi, errorText } from "@/lib/client/api";
import { debateScores, type Scores } from "@/lib/contracts/empirical";

/** Brier scores of everyone who predicted on the debate's resolved empirical claims (lower is better). */
export function ForecastsView({ debateId, version }: { debateId: string; version?: unknown }) {
  const [data, setData] = useState<Scores | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    callApi(debateScores, { params: { debateId } })
      .then((d) => { setData(d); setError(null); })
      .catch((e: unknown) => setError(errorText(e)));
  }, [debateId, version]);
  if (error) return <p className="form-error small">{error}</p>;
  if (!data || data.claimsScored === 0) return null;
  return (
    // Secondary to the tree: folded until opened (the debate page keeps the tree in view).
    <details className="fold" data-testid="forecasts">
      <summary>Forecasts ({data.scores.length})</summary>
    <section className="panel" aria-labelledby="forecasts-heading">
      <h2 id="forecasts-heading">Forecasts</h2>
      <p className="small muted">
        Brier score over {data.claimsScored} resolved claim(s): 0 is perfect, 0.25 is always saying 50%. Only predictions made before each result count.
      </p>
      <table className="small">
        <thead><tr><th scope="col">Participant</th><th scope="col">Side</th><th scope="col">Brier</th><th scope="col">Claims</th></tr></thead>
        <tbody>
          {data.scores.map((s) => (
            <tr key={s.userId}>
              <td>{s.displayName}</td>
              <td>{s.side?.toLowerCase() ?? "—"}</td>
              <td>{s.brier.toFixed(3)}</td>
              <td>{s.claimsScored}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
    </details>
  );
}
