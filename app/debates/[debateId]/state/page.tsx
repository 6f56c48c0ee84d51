import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { getDebate } from "@/lib/server/debate/debates";
import { debateState } from "@/lib/server/debate/state";
import { summariesOf } from "@/lib/server/summaries/service";
import { AppError } from "@/lib/domain/errors";
import { can, type ActorContext } from "@/lib/domain/debate/permissions";
import { PRUNE_CATEGORY_LABELS, SIDE_LABELS } from "@/lib/domain/vocabulary";
import { Markdown } from "@/app/components/Markdown";
import { SummariesPanel } from "./SummariesPanel";

export const metadata: Metadata = { title: "State of the debate" };
export const dynamic = "force-dynamic";

const pts = (d: number | null) => (d === null ? "—" : `${d >= 0 ? "+" : "−"}${Math.round(Math.abs(d) * 100)} pts`);
const pct = (p: number) => `${Math.round(p * 100)}%`;
const pctOf = (p: number | null) => (p === null ? "—" : `${Math.round(p)} %`);
const severityWord = (s: "BREAKS" | "DEGRADES" | null) => (s === null ? "not weighed" : s === "BREAKS" ? "breaks" : "degrades");
function weightWords(w: { estimates: number; median: number | null; builders: number | null; breakers: number | null; severity: "BREAKS" | "DEGRADES" | null } | null): string {
  if (!w || w.median === null) return "not weighed yet";
  const sides = [w.builders === null ? null : `builders ${pctOf(w.builders)}`, w.breakers === null ? null : `breakers ${pctOf(w.breakers)}`].filter(Boolean);
  return `plausibility ${pctOf(w.median)}${sides.length ? ` (${sides.join(" / ")})` : ""}, ${severityWord(w.severity)}`;
}
const EXPERIMENT_WORDS: Record<string, string> = { RUNNING: "running", PROPOSED: "proposed", WANTED: "wanted: no experiment card yet" };

// A page a newcomer can read in two minutes, generated from the data (lib/server/debate/state.ts).
export default async function StatePage({ params, searchParams }: { params: Promise<{ debateId: string }>; searchParams: Promise<{ version?: string | string[] }> }) {
  const [{ debateId }, sp] = await Promise.all([params, searchParams]);
  const requested = typeof sp.version === "string" && /^\d{1,6}$/.test(sp.version) ? Number(sp.version) : undefined;
  const actor = await sessionActor();
  const loaded = await Promise.all([getDebate(actor, debateId), debateState(actor, debateId, requested)]).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST" || error.code === "VALIDATION")) return null;
    throw error;
  });
  if (!loaded) notFound();
  const [debate, state] = loaded;
  const { summaries } = await summariesOf(debateId);
  const context: ActorContext = {
    userId: actor?.id ?? null,
    membership: debate.me,
    debate: { visibility: debate.visibility, playMode: debate.playMode, ownerId: debate.owner.id },
  };
  const plan = state.plan;
  const unclassified = state.liveCounterexamples.filter((c) => c.classId === null);
  const base = `/debates/${debateId}`;

  return (
    <>
      <p className="small"><Link href={base}>← {state.debate.title}</Link></p>
      <h1>State of the debate</h1>
      <p className="muted" style={{ marginTop: 0 }}>{state.debate.title}</p>
      {state.versions.length > 1 ? (
        <nav className="row small" aria-label="Proposal versions">
          <span>As of version:</span>
          {state.versions.map((n) => (
            <Link key={n} href={`${base}/state?version=${n}`} aria-current={plan?.number === n ? "page" : undefined} style={plan?.number === n ? { fontWeight: 700 } : undefined}>
              v{n}{n === state.versions[state.versions.length - 1] ? " (latest)" : ""}
            </Link>
          ))}
        </nav>
      ) : null}

      {state.pinnedSummary ? (
        <section className="panel pinned-summary" aria-labelledby="pinned-heading" data-testid="pinned-summary">
          <h2 id="pinned-heading">Summary <span className="badge stands">endorsed</span></h2>
          <p style={{ whiteSpace: "pre-wrap" }}>{state.pinnedSummary.body}</p>
          <p className="small muted">
            By {state.pinnedSummary.authorName}; endorsed by {state.pinnedSummary.endorsements.map((e) => `${e.displayName} (${SIDE_LABELS[e.side]})`).join(", ")}.
          </p>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="plan-heading" data-testid="state-plan">
        <h2 id="plan-heading">
          The plan{plan?.number ? `, version ${plan.number}` : ""}{" "}
          {plan ? (
            <span className={`badge ${plan.status}`}>{plan.status === "stands" ? "stands" : `broken by ${state.breakingCount}`}</span>
          ) : null}
          {plan && !plan.latest ? <span className="badge kind">not the latest</span> : null}
        </h2>
        {plan ? (
          <>
            <p className="small" data-testid="state-standing">
              {plan.standingText}
              <span className="muted"> · rule: {state.rule.rule === "ANY_LIVE" ? "any live counterexample breaks" : `breaks at median plausibility ≥ ${state.rule.threshold} %`}</span>
            </p>
            <Markdown text={plan.body} />
            <p className="small muted">By {plan.authorName}, {plan.createdAt.toISOString().slice(0, 10)}.</p>
          </>
        ) : (
          <p className="muted">No proposal yet.</p>
        )}
      </section>

      <div className="state-grid">
        <section className="panel" aria-labelledby="live-heading" data-testid="state-counterexamples">
          <h2 id="live-heading">Live counterexamples ({state.liveCount})</h2>
          {state.liveCount === 0 ? <p className="small muted">None: every counterexample against this version is answered, rebutted or set aside.</p> : null}
          {state.liveClasses.length ? (
            <div className="ledger-table" data-testid="state-classes">
              <p className="small muted" style={{ margin: "0 0 4px" }}>Classes still live, with their weights (medians of the latest plausibility estimates).</p>
              <table className="small">
                <thead>
                  <tr><th scope="col">Class</th><th scope="col">Live</th><th scope="col">Median</th><th scope="col">Builders</th><th scope="col">Breakers</th><th scope="col">Severity</th></tr>
                </thead>
                <tbody>
                  {state.liveClasses.map((c) => (
                    <tr key={c.classId} data-class={c.name}>
                      <th scope="row" style={{ fontWeight: 600, whiteSpace: "normal", overflowWrap: "anywhere" }}>{c.name}</th>
                      <td>{c.members.length}{c.breaking < c.members.length ? <span className="muted"> ({c.breaking} break{c.breaking === 1 ? "s" : ""})</span> : null}</td>
                      <td data-testid="class-median">{pctOf(c.weight.median)}</td>
                      <td>{pctOf(c.weight.builders)}</td>
                      <td>{pctOf(c.weight.breakers)}</td>
                      <td>{severityWord(c.weight.severity)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ul className="list small" style={{ marginTop: 6 }}>
                {state.liveClasses.map((c) => {
                  const listed = state.liveCounterexamples.filter((m) => m.classId === c.classId);
                  return (
                    <li key={c.classId}>
                      <strong>{c.name}</strong>:{" "}
                      {listed.map((m, i) => (
                        <span key={m.nodeId}>{i ? ", " : ""}<Link href={`${base}#node-${m.nodeId}`}>{m.title}</Link></span>
                      ))}
                      {c.members.length > listed.length ? <span className="muted">{listed.length ? ", " : ""}and {c.members.length - listed.length} more</span> : null}
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : null}
          {unclassified.length ? (
            <>
              {state.liveClasses.length ? <h3 className="small" style={{ margin: "10px 0 4px" }}>In no class ({state.unclassifiedCount})</h3> : null}
              <ul className="list" data-testid="state-unclassified">
                {unclassified.map((c) => (
                  <li key={c.nodeId}>
                    <Link href={`${base}#node-${c.nodeId}`}>{c.title}</Link>
                    {c.breaks ? null : <span className="badge kind">held off by the rule</span>}
                    <div className="small muted">by {c.authorName} · {weightWords(c.weight)}</div>
                  </li>
                ))}
              </ul>
              {state.unclassifiedCount > unclassified.length ? (
                <p className="small muted">
                  And {(state.unclassifiedCount - unclassified.length).toLocaleString("en-US")} more: the <Link href={base}>debate&apos;s scoreboard</Link> lists them all.
                </p>
              ) : null}
            </>
          ) : null}
        </section>

        <section className="panel" aria-labelledby="dc-heading" data-testid="state-double-cruxes">
          <h2 id="dc-heading">Double cruxes ({state.doubleCruxes.length})</h2>
          <p className="small muted" style={{ marginTop: 0 }}>Claims where a Builder and a Breaker would each move at least 20 points, in opposite directions.</p>
          {state.doubleCruxes.length === 0 ? <p className="small muted">None yet.</p> : null}
          <ul className="list">
            {state.doubleCruxes.map((c) => (
              <li key={c.nodeId}>
                <Link href={`${base}#node-${c.nodeId}`}>{c.title}</Link> <span className="badge double-crux">double crux</span>
                <div className="small muted">
                  {c.people.map((p) => `${p.displayName} (${SIDE_LABELS[p.side]}) ${pct(p.credence)} → ${pct(p.ifTrue)} if true / ${pct(p.ifFalse)} if false`).join("; ")}
                </div>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section className="panel" aria-labelledby="settled-heading" data-testid="state-settled">
        <h2 id="settled-heading">Settled cruxes: pre-committed vs actual updates</h2>
        {state.settledCruxes.length === 0 ? <p className="small muted">No claim with pre-committed updates has been settled yet.</p> : null}
        {state.settledCruxes.map((c) => (
          <div key={c.nodeId} style={{ marginBottom: 10 }} data-node-id={c.nodeId}>
            <p style={{ margin: "4px 0" }}>
              <Link href={`${base}#node-${c.nodeId}`}>{c.title}</Link>{" "}
              <span className="small">turned out {c.verdict?.claimTrue ? "true" : "false"}{c.verdict?.via === "conceded" ? " (conceded)" : ""}</span>{" "}
              {c.outcome === "moved-nobody" ? <span className="badge crux-moved-nobody" data-testid="moved-nobody">moved nobody</span> : null}
              {c.outcome === "awaiting" ? <span className="badge crux-awaiting">awaiting answers</span> : null}
            </p>
            <div className="ledger-table">
              <table className="small">
                <thead><tr><th scope="col">Who</th><th scope="col">Before</th><th scope="col">Pre-committed</th><th scope="col">Actual</th></tr></thead>
                <tbody>
                  {c.people.map((p) => (
                    <tr key={p.userId} data-user={p.username}>
                      <td>{p.displayName} ({SIDE_LABELS[p.side]})</td>
                      <td>{pct(p.credence)}</td>
                      <td>{pts(p.precommittedUpdate)}</td>
                      <td data-testid="actual">{p.actualUpdate === null ? "not answered yet" : `${pts(p.actualUpdate)} ${p.confirmed ? "(confirmed)" : "(revised)"}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))}
      </section>

      <div className="state-grid">
        <section className="panel" aria-labelledby="exp-heading" data-testid="state-experiments">
          <h2 id="exp-heading">Experiments running or wanted ({state.experiments.length})</h2>
          {state.experiments.length === 0 ? <p className="small muted">No open empirical claim.</p> : null}
          <ul className="list">
            {state.experiments.map((e) => (
              <li key={e.nodeId}>
                <Link href={`${base}#node-${e.nodeId}`}>{e.title}</Link> <span className="small muted">{EXPERIMENT_WORDS[e.status] ?? e.status.toLowerCase()}</span>
                {e.question ? <div className="small">{e.question}</div> : null}
              </li>
            ))}
          </ul>
          <p className="small"><Link href={`${base}/agenda`}>Research agenda</Link></p>
        </section>

        <section className="panel" aria-labelledby="pruned-heading" data-testid="state-pruned">
          <h2 id="pruned-heading">Most promising pruned branches</h2>
          {state.promisingPruned.length === 0 ? <p className="small muted">Nothing pruned.</p> : null}
          <ul className="list">
            {state.promisingPruned.map((p) => (
              <li key={p.nodeId}>
                <Link href={`${base}#node-${p.nodeId}`}>{p.title}</Link>{" "}
                <span className="small muted">
                  {p.promise === null ? "no estimate" : `promise ${p.promise}/100`} · {p.branchSize} move(s){p.category ? ` · ${PRUNE_CATEGORY_LABELS[p.category].toLowerCase()}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>

        <section className="panel" aria-labelledby="concessions-heading" data-testid="state-concessions">
          <h2 id="concessions-heading">Recent concessions</h2>
          {state.concessions.length === 0 ? <p className="small muted">None yet.</p> : null}
          <ul className="list">
            {state.concessions.map((c) => (
              <li key={`${c.how}-${c.nodeId}`}>
                <Link href={`${base}#node-${c.nodeId}`}>{c.title}</Link>{" "}
                <span className="small muted">{c.how === "conceded" ? `conceded${c.reason ? `: ${c.reason}` : ""}` : "rebuttal accepted"} · {c.at.toISOString().slice(0, 10)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <SummariesPanel
        debateId={debateId}
        summaries={JSON.parse(JSON.stringify(summaries))}
        viewerId={actor?.id ?? null}
        canWrite={can("summary:write", context)}
        canEndorse={can("summary:endorse", context)}
        versionNumber={requested ?? null}
      />
    </>
  );
}
