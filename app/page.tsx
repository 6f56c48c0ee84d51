import Link from "next/link";
import { sessionActor } from "@/lib/http/actor";
import { listDebates } from "@/lib/server/debate/debates";
import { debateListQuerySchema } from "@/lib/domain/debate/validation";

export const dynamic = "force-dynamic";

type Scope = "public" | "mine" | "joined";

export default async function HomePage({ searchParams }: { searchParams: Promise<{ scope?: string; q?: string }> }) {
  const actor = await sessionActor();
  const params = await searchParams;
  const scope: Scope = actor && (params.scope === "mine" || params.scope === "joined") ? params.scope : "public";
  // The API's rule for search words (a NUL reached the database and gave a 500).
  const search = debateListQuerySchema.shape.q.safeParse(params.q?.slice(0, 200));
  const q = (search.success && search.data) || undefined;
  const debates = await listDebates(actor, scope, q);
  return (
    <>
      <h1>Debates</h1>
      {!actor ? (
        <p className="notice">
          Builder/Breaker hosts structured debates: a Builder proposes, a Breaker finds counterexamples, the Builder patches or rebuts.
          Browse the public debates below, or <Link href="/signup">create an account</Link> to take a side.
        </p>
      ) : null}
      <form className="row" role="search" style={{ marginBottom: 12 }}>
        <input type="hidden" name="scope" value={scope} />
        <label htmlFor="q" className="sr-only">Search debates</label>
        <input id="q" name="q" defaultValue={q} placeholder="Search debates by title or context" style={{ maxWidth: 420 }} />
        <button type="submit">Search</button>
        {actor ? (
          <nav aria-label="Which debates" className="row">
            {(["public", "mine", "joined"] as const).map((s) => (
              <Link key={s} href={`/?scope=${s}`} aria-current={s === scope ? "page" : undefined} className={s === scope ? "button" : "button secondary"}>
                {s === "public" ? "Public" : s === "mine" ? "Mine" : "Joined"}
              </Link>
            ))}
          </nav>
        ) : null}
      </form>
      {search.success ? null : <p role="alert" className="form-error">{search.error.issues[0]?.message}; showing every debate instead.</p>}
      {debates.length === 0 ? <p className="muted">No debates here yet.</p> : null}
      <ul className="list panel" aria-label="Debate list">
        {debates.map((d) => (
          <li key={d.id}>
            <Link href={`/debates/${d.id}`}><strong>{d.title}</strong></Link>{" "}
            <span className="badge kind">{d.visibility.toLowerCase()}</span>{" "}
            <span className="badge kind">{d.playMode === "STRICT" ? "strict turns" : "open play"}</span>
            <div className="small muted">
              by {d.owner.displayName} · {d._count.nodes} moves · {d._count.memberships} participants · last move {d.lastMoveAt.toISOString().slice(0, 10)}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
