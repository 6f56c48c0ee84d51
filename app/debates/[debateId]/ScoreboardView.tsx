"use client";
import type { Forest } from "@/lib/domain/debate/tree";
import { coverageCell, type CoverageCell, type ScoreboardSummary } from "@/lib/domain/debate/scoreboard";
import { labelOf, type TreeRowData } from "./tree-row";
import { useShown } from "@/app/components/ShowMore";

/** A version's breakers named inline; the coverage table lists them all. */
const BROKEN_BY_NAMED = 5;

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

const cellText: Record<CoverageCell["status"], string> = {
  breaks: "breaks",
  answered: "answered",
  rebutted: "rebutted",
  defeated: "defeated (refuted)",
  "set-aside": "pruned",
  retracted: "retracted",
  "not-targeted": "—",
};

/** Each proposal version: does it stand, and the versions × counterexamples coverage table. */
export function ScoreboardView({ scoreboard, byId, onOpen }: { scoreboard: ScoreboardSummary; byId: Forest<TreeRowData>["byId"]; onOpen: (id: string) => void }) {
  // A page of counterexamples at a time: the coverage table of a large debate would be thousands of columns.
  const { shown, more } = useShown(scoreboard.counterexamples);
  // The shown columns' cells, worked out here from each counterexample (the page receives no table).
  const rows = scoreboard.versions.map((v) => ({ version: v.number, cells: shown.map((c) => coverageCell(c, v.number)) }));
  return (
    <div className="stack">
      <ul className="list" aria-label="Proposal versions">
        {scoreboard.versions.map((v) => (
          <li key={v.number}>
            <button type="button" className="secondary" onClick={() => onOpen(v.nodeId)}>Version {v.number}</button>{" "}
            <span className={`badge ${v.status}`}>{v.status}</span>
            {v.brokenBy.length ? (
              <span className="small"> by {v.brokenBy.slice(0, BROKEN_BY_NAMED).map((id) => (
                <a key={id} href={`#node-${id}`} onClick={(e) => { e.preventDefault(); onOpen(id); }} style={{ marginRight: 6 }}>{labelOf(byId.get(id)?.row)}</a>
              ))}
              {v.brokenBy.length > BROKEN_BY_NAMED ? <span className="muted">and {(v.brokenBy.length - BROKEN_BY_NAMED).toLocaleString("en-US")} more (in the table below)</span> : null}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {scoreboard.counterexamples.length ? (
        <>
        {/* Phone width: one card per counterexample instead of a table that would scroll sideways. */}
        <ul className="list narrow-only" aria-label="Coverage by counterexample">
          {shown.map((c, i) => (
            <li key={c.id}>
              <a href={`#node-${c.id}`} onClick={(e) => { e.preventDefault(); onOpen(c.id); }}>{labelOf(byId.get(c.id)?.row)}</a>
              <SupportWeight count={c.supports} />
              <div className="small">
                {rows.map((row) => {
                  const cell = row.cells[i]!;
                  return (
                    <span key={row.version} className={`coverage-chip cell-${cell.status}`}>
                      v{row.version}: {cellText[cell.status]}{cell.status === "answered" ? ` by v${cell.version}` : ""}
                    </span>
                  );
                })}
              </div>
            </li>
          ))}
        </ul>
        <div className="wide-only" style={{ overflowX: "auto" }}>
          <table className="grid" aria-label="Coverage of versions by counterexamples">
            <thead>
              <tr>
                <th>Version</th>
                {shown.map((c) => (
                  <th key={c.id} scope="col">
                    <a href={`#node-${c.id}`} onClick={(e) => { e.preventDefault(); onOpen(c.id); }}>{shorten(labelOf(byId.get(c.id)?.row), 40)}</a>
                    <SupportWeight count={c.supports} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.version}>
                  <th scope="row">v{row.version}</th>
                  {row.cells.map((cell, i) => (
                    <td key={shown[i]!.id} className={`cell-${cell.status}`}>
                      {cellText[cell.status]}
                      {cell.status === "answered" ? ` by v${cell.version}` : ""}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {more}
        </>
      ) : (
        <p className="muted">No counterexamples yet: every version stands.</p>
      )}
    </div>
  );
}

/** Supports of a counterexample: weight beside it, never a change of whether it breaks a version. */
function SupportWeight({ count }: { count: number }) {
  if (!count) return null;
  return (
    <span className="badge support" style={{ marginLeft: 6 }} title="Standing supports (replies and links): weight, not a knockdown" data-testid="support-weight">
      + {count} support{count === 1 ? "" : "s"}
    </span>
  );
}
