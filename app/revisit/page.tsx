import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { myRevisit, type RevisitSort } from "@/lib/server/debate/branches";
import { pruneCategorySchema } from "@/lib/domain/debate/validation";

export const metadata: Metadata = { title: "Revisit pruned branches" };

export const dynamic = "force-dynamic";

const SORTS = {
  promise: "Promise",
  age: "Age",
  size: "Size",
  depth: "Depth",
  activity: "Last activity",
} as const;
type SortKey = RevisitSort & keyof typeof SORTS;

/** Every pruned branch across my debates, to go back to the ones that once looked unpromising. */
export default async function RevisitPage({ searchParams }: { searchParams: Promise<{ sort?: string; category?: string }> }) {
  const actor = await sessionActor();
  if (!actor) redirect("/signin?callbackUrl=/revisit");
  const params = await searchParams;
  const sort: SortKey = params.sort && params.sort in SORTS ? (params.sort as SortKey) : "promise";
  const rows = await myRevisit(actor, { sort, category: params.category });
  return (
    <>
      <h1>Revisit pruned branches</h1>
      <p className="muted">
        A good search goes back to branches that once looked unpromising. These are the pruned branches of every debate you take part in.
      </p>
      <form className="row" style={{ marginBottom: 10 }}>
        <label htmlFor="sort" style={{ margin: 0 }}>Sort by</label>
        <select id="sort" name="sort" defaultValue={sort} style={{ width: "auto" }}>
          {Object.entries(SORTS).map(([key, label]) => <option key={key} value={key}>{label}</option>)}
        </select>
        <label htmlFor="category" style={{ margin: 0 }}>Reason</label>
        <select id="category" name="category" defaultValue={params.category ?? ""} style={{ width: "auto" }}>
          <option value="">All</option>
          {pruneCategorySchema.options.map((c) => <option key={c} value={c}>{c.toLowerCase().replaceAll("_", " ")}</option>)}
        </select>
        <button type="submit" className="secondary">Apply</button>
      </form>
      {rows.length === 0 ? <p className="muted">No pruned branches in your debates.</p> : null}
      {rows.length ? (
        <table className="grid panel" aria-label="Pruned branches across my debates">
          <thead>
            <tr><th>Branch</th><th>Debate</th><th>Reason</th><th>Age</th><th>Size</th><th>Depth</th><th>Last activity</th><th>Promise</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.nodeId}>
                <td><Link href={`/debates/${r.debateId}#node-${r.nodeId}`}>{r.title || r.body.slice(0, 80)}</Link></td>
                <td>{r.debateTitle}</td>
                <td><span className="badge pruned">{r.category?.toLowerCase().replaceAll("_", " ") ?? "pruned"}</span> {r.reason}</td>
                <td>{r.ageDays} d</td>
                <td>{r.branchSize}</td>
                <td>{r.depth}</td>
                <td>{r.lastActivityAt.toISOString().slice(0, 10)}</td>
                <td>{r.promise === null ? "—" : Math.round(r.promise)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
