import Link from "next/link";
import type { AgendaEntry } from "@/lib/contracts/empirical";
import type { AgendaQuery } from "@/lib/domain/empirical/validation";
import { AGENDA_KIND_LABELS } from "@/lib/domain/empirical/agenda";

const pct = (p: number | null | undefined) => (p === null || p === undefined ? "—" : `${Math.round(p * 100)}%`);

const SORTS: [AgendaQuery["sort"], string][] = [
  ["disagreement", "Disagreement"],
  ["expectedBeliefChange", "Expected belief change"],
  ["dependentNodes", "Branches hanging on it"],
  ["predictionCount", "Predictions"],
  ["createdAt", "Newest"],
];

/** Sort links, downloads and the agenda table; shared by the per-debate and cross-debate pages. */
export function AgendaTable({
  rows,
  sort,
  order,
  pagePath,
  exportPath,
  showDebate,
}: {
  /** The server component hands the rows over before JSON: createdAt is still a Date. */
  rows: readonly (Omit<AgendaEntry, "createdAt"> & { createdAt: Date | string })[];
  sort: AgendaQuery["sort"];
  order: AgendaQuery["order"];
  pagePath: string;
  exportPath: string;
  showDebate: boolean;
}) {
  const qs = (extra: Record<string, string>) => new URLSearchParams({ sort, order, ...extra }).toString();
  return (
    <>
      <nav className="row small" aria-label="Sort and export" style={{ marginBottom: 10 }}>
        <span>Sort by:</span>
        {SORTS.map(([key, label]) => {
          const active = key === sort;
          const nextOrder = active && order === "desc" ? "asc" : "desc";
          return (
            <Link key={key} href={`${pagePath}?${new URLSearchParams({ sort: key, order: nextOrder }).toString()}`} aria-current={active ? "true" : undefined}>
              {active ? <strong>{label} {order === "desc" ? "↓" : "↑"}</strong> : label}
            </Link>
          );
        })}
        <span className="spacer" />
        <a href={`${exportPath}?${qs({ format: "csv" })}`} download>Download CSV</a>
        <a href={`${exportPath}?${qs({ format: "md" })}`} download>Download Markdown</a>
      </nav>
      {rows.length === 0 ? <p className="muted">No open empirical claims and no crux-ledger entries. Mark a claim as empirical, or record what it would change for you, to put it on the agenda.</p> : null}
      <ol className="list" data-testid="agenda-rows">
        {rows.map((r) => (
          <li key={r.nodeId} className="panel">
            <div className="row" style={{ justifyContent: "space-between" }}>
              <Link href={`/debates/${r.debateId}#node-${r.nodeId}`}><strong>{r.title || "(untitled claim)"}</strong></Link>
              <span className="row small">
                {r.kind === "CRUX" ? (
                  <span className="badge double-crux" data-testid="agenda-crux-flag">{AGENDA_KIND_LABELS.CRUX}</span>
                ) : (
                  <>
                    <span className="badge empirical">{r.status}</span>
                    {r.card ? <span className="badge kind">experiment {r.card.status.toLowerCase()}</span> : <span className="badge kind">no experiment yet</span>}
                  </>
                )}
              </span>
            </div>
            {showDebate ? <div className="small muted">in <Link href={`/debates/${r.debateId}/agenda`}>{r.debateTitle}</Link></div> : null}
            {r.card ? (
              <dl className="small" style={{ margin: "6px 0" }}>
                <dt><strong>Question</strong></dt><dd>{r.card.question}</dd>
                <dt><strong>Experiment</strong></dt><dd>{r.card.method}</dd>
                <dt><strong>Supports if / refutes if</strong></dt><dd>{r.card.supportIf} / {r.card.refuteIf}</dd>
              </dl>
            ) : null}
            {r.kind === "CRUX" ? (
              <div className="small">
                Not an empirical claim: on the agenda because {r.cruxEstimators} participant(s) pre-committed how it would move them · {r.dependentNodes} node(s) hang on it ·
                expected belief change <strong data-testid="expected-belief-change">{Math.round(r.expectedBeliefChange * 100)} pts</strong>
              </div>
            ) : (
            <div className="small">
              Builders {pct(r.spread.BUILDER?.mean)} ({r.spread.BUILDER?.count ?? 0}) · Breakers {pct(r.spread.BREAKER?.mean)} ({r.spread.BREAKER?.count ?? 0}) ·
              Observers {pct(r.spread.OBSERVER?.mean)} ({r.spread.OBSERVER?.count ?? 0}) · disagreement{" "}
              <strong>{r.disagreement === null ? "—" : `${Math.round(r.disagreement * 100)} pts`}</strong> · {r.dependentNodes} node(s) hang on it ·
              expected belief change <strong data-testid="expected-belief-change">{r.cruxEstimators ? `${Math.round(r.expectedBeliefChange * 100)} pts` : "—"}</strong>
              {r.cruxEstimators ? ` (${r.cruxEstimators} pre-committed)` : ""}
            </div>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
