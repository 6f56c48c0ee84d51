import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { getDebate } from "@/lib/server/debate/debates";
import { AppError } from "@/lib/domain/errors";
import { ACTIVITY_KINDS, activityQuery, listActivity } from "@/lib/server/live/activity";
import { decodeCursor } from "@/lib/contracts/common";
import { activityPredicate } from "@/lib/domain/debate/activity-line";

export const metadata: Metadata = { title: "Activity" };

export const dynamic = "force-dynamic";

const KIND_LABELS: Record<(typeof ACTIVITY_KINDS)[number], string> = {
  debate: "Debate",
  member: "Members",
  node: "Moves",
  branch: "Branches",
  claim: "Claims",
  experiment: "Experiments",
  prediction: "Predictions",
  crux: "Cruxes",
  class: "Classes",
  counterexample: "Classifications",
  plausibility: "Plausibility",
  link: "Links",
  summary: "Summaries",
};

function describe(e: Awaited<ReturnType<typeof listActivity>>["events"][number]): string {
  return activityPredicate({ type: e.type, actorName: e.actor?.displayName ?? null, subjectName: e.subject?.displayName ?? null, node: e.node, payload: e.payload });
}

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ debateId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { debateId } = await params;
  const sp = await searchParams;
  const parsed = activityQuery.safeParse({ type: typeof sp.type === "string" ? sp.type : undefined, cursor: typeof sp.cursor === "string" && decodeCursor(sp.cursor) ? sp.cursor : undefined });
  const query = parsed.success ? parsed.data : activityQuery.parse({});
  const actor = await sessionActor();
  const loaded = await Promise.all([getDebate(actor, debateId), listActivity(actor, debateId, query)]).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!loaded) notFound();
  const [debate, { events, nextCursor }] = loaded;
  const href = (type?: string, cursor?: string) => {
    const q = new URLSearchParams({ ...(type ? { type } : {}), ...(cursor ? { cursor } : {}) }).toString();
    return `/debates/${debateId}/activity${q ? `?${q}` : ""}`;
  };
  return (
    <>
      <p className="small"><Link href={`/debates/${debateId}`}>← {debate.title}</Link></p>
      <h1>Activity</h1>
      <nav className="row small" aria-label="Filter by kind">
        <Link href={href()} aria-current={!query.type ? "page" : undefined} style={!query.type ? { fontWeight: 700 } : undefined}>All</Link>
        {ACTIVITY_KINDS.map((k) => (
          <Link key={k} href={href(k)} aria-current={query.type === k ? "page" : undefined} style={query.type === k ? { fontWeight: 700 } : undefined}>
            {KIND_LABELS[k]}
          </Link>
        ))}
      </nav>
      <section className="panel" aria-label="Activity">
        {events.length === 0 ? <p className="muted">No activity{query.type ? " of this kind" : ""} yet.</p> : null}
        <ul className="list" data-testid="activity">
          {events.map((e) => (
            <li key={e.seq} data-type={e.type}>
              <strong>{e.actor?.displayName ?? "Someone"}</strong>{" "}
              {e.node ? <Link href={`/debates/${debateId}#node-${e.node.id}`}>{describe(e)}</Link> : describe(e)}{" "}
              <span className="small muted"><time dateTime={e.createdAt.toISOString()}>{e.createdAt.toLocaleString()}</time></span>
            </li>
          ))}
        </ul>
        {nextCursor ? <Link href={href(query.type, nextCursor)}>Older</Link> : null}
      </section>
    </>
  );
}
