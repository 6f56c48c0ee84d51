"use client";
import { useMemo, useState } from "react";
import type { Forest } from "@/lib/domain/debate/tree";
import type { DebateViewProps } from "@/lib/contracts/debates";
import { pruneCategorySchema } from "@/lib/domain/debate/validation";
import { REVISIT_DEFAULTS, revisitList, type RevisitSort, type SortOrder } from "@/lib/domain/debate/pruning";
import { labelOf, type TreeRowData } from "./tree-row";
import { useShown } from "@/app/components/ShowMore";

const DAY = 24 * 60 * 60 * 1000;
const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
const age = (ms: number) => (ms < DAY ? `${Math.max(1, Math.round(ms / 3_600_000))} h` : `${Math.round(ms / DAY)} d`);

/** Open leaves awaiting a move, grouped by whose move it is, oldest first. */
export function FrontierView({ frontier, byId, onOpen }: { frontier: DebateViewProps["frontier"]; byId: Forest<TreeRowData>["byId"]; onOpen: (id: string) => void }) {
  return (
    <div className="stack">
      <FrontierGroup title="Builder's move: live counterexamples that break the current version" ids={frontier.builder} empty="No counterexample breaks the current version." frontier={frontier} byId={byId} onOpen={onOpen} />
      <FrontierGroup title="Breaker's move: versions nobody has attacked yet" ids={frontier.breaker.map((b) => b.nodeId)} empty="Every version has been attacked." frontier={frontier} byId={byId} onOpen={onOpen} />
      <FrontierGroup title="Open questions" ids={frontier.openQuestions} empty="No unanswered questions." frontier={frontier} byId={byId} onOpen={onOpen} />
    </div>
  );
}

function FrontierGroup({ title, ids, empty, frontier, byId, onOpen }: {
  title: string; ids: string[]; empty: string; frontier: DebateViewProps["frontier"]; byId: Forest<TreeRowData>["byId"]; onOpen: (id: string) => void;
}) {
  const { shown, more } = useShown(ids);
  return (
    <section aria-label={title}>
      <h3>{title} ({ids.length})</h3>
      {ids.length === 0 ? <p className="muted small">{empty}</p> : null}
      <ul className="list">
        {shown.map((id) => {
          const row = byId.get(id)?.row;
          return (
            <li key={id}>
              <a href={`#node-${id}`} onClick={(e) => { e.preventDefault(); onOpen(id); }}>{labelOf(row)}</a>
              {row ? <span className="small muted"> · {row.authorName} · {row.createdAt.toISOString().slice(0, 10)}</span> : null}
              {frontier.awaitingAcceptance[id]?.length ? (
                <span className="small"> · <span className="badge awaiting">rebuttal awaiting acceptance</span></span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {more}
    </section>
  );
}

type RevisitRow = DebateViewProps["revisit"][number];

/** Every pruned branch with reason, age, size, depth, activity and promise. */
export function RevisitView({ rows, onOpen }: { rows: RevisitRow[]; onOpen: (id: string) => void }) {
  const [sort, setSort] = useState<RevisitSort>(REVISIT_DEFAULTS.sort);
  const [order, setOrder] = useState<SortOrder>(REVISIT_DEFAULTS.order);
  const [category, setCategory] = useState<string>("");
  const sorted = useMemo(() => revisitList(rows, { sort, order, category }), [rows, sort, order, category]);
  const { shown, more } = useShown(sorted);
  if (rows.length === 0) return <p className="muted">No pruned branches. Pruned branches appear here so they can be revisited.</p>;
  const header = (key: RevisitSort, label: string) => (
    <th scope="col" aria-sort={sort === key ? (order === "desc" ? "descending" : "ascending") : "none"}>
      <button type="button" className="secondary" onClick={() => (sort === key ? setOrder(order === "desc" ? "asc" : "desc") : (setSort(key), setOrder("desc")))}>{label}</button>
    </th>
  );
  return (
    <div className="stack">
      <div className="row">
        <label htmlFor="revisit-category" style={{ margin: 0 }}>Reason</label>
        <select id="revisit-category" value={category} onChange={(e) => setCategory(e.target.value)} style={{ maxWidth: 220 }}>
          <option value="">All reasons</option>
          {pruneCategorySchema.options.map((c) => (
            <option key={c} value={c}>{c.toLowerCase().replaceAll("_", " ")}</option>
          ))}
        </select>
      </div>
      <div style={{ overflowX: "auto" }}>
        <table className="grid" aria-label="Pruned branches">
          <thead>
            <tr>
              <th scope="col">Branch</th>
              <th scope="col">Reason</th>
              {header("age", "Age")}
              {header("size", "Size")}
              {header("depth", "Depth")}
              {header("activity", "Last activity")}
              {header("promise", "Promise")}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.nodeId}>
                <td><a href={`#node-${r.nodeId}`} onClick={(e) => { e.preventDefault(); onOpen(r.nodeId); }}>{r.title || "(untitled)"}</a></td>
                <td><span className="badge pruned">{r.category?.toLowerCase().replaceAll("_", " ") ?? "pruned"}</span> {r.reason}</td>
                <td>{age(r.prunedAgeMs)}</td>
                <td>{r.branchSize}</td>
                <td>{r.depth}</td>
                <td>{new Date(r.lastActivityAt).toISOString().slice(0, 10)}</td>
                <td>{r.promise === null ? "—" : Math.round(r.promise)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more}
    </div>
  );
}

/** Says when the debate is stuck and which pruned branches are worth reopening. */
export function StuckBanner({ stuck, onOpen }: { stuck: DebateViewProps["stuck"]; onOpen: (id: string) => void }) {
  if (!stuck.stuck) return null;
  return (
    <div className="notice" role="status" data-testid="stuck-signal" style={{ marginBottom: 14 }}>
      <strong>This debate looks stuck</strong>{" "}
      {stuck.reason === "idle"
        ? `— idle for ${days(stuck.idleDays)} (it counts as stuck after ${days(stuck.stuckAfterDays)} without a move).`
        : "— nobody has a move left: no counterexample breaks the current version, every version has been attacked and no question is open."}
      {stuck.suggestions.length ? (
        <>
          {" "}Consider reopening:{" "}
          {stuck.suggestions.map((s) => (
            <a key={s.nodeId} href={`#node-${s.nodeId}`} onClick={(e) => { e.preventDefault(); onOpen(s.nodeId); }} style={{ marginRight: 8 }}>
              {s.title || "a pruned branch"}{s.promise !== null ? ` (promise ${Math.round(s.promise)})` : ""}
            </a>
          ))}
        </>
      ) : null}
    </div>
  );
}
