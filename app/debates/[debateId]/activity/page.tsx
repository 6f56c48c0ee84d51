import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { getDebate } from "@/lib/server/debate/debates";
import { AppError } from "@/lib/domain/errors";
import { ACTIVITY_KINDS, activityQuery, listActivity } from "@/lib/server/live/activity";
import { decodeCursor } from "@/lib/contracts/common";

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
  summary: "Summaries",
};

const pct = (x: unknown) => (typeof x === "number" ? `${Math.round(x * 100)}%` : "?");

function describe(e: Awaited<ReturnType<typeof listActivity>>["events"][number]): string {
  const payload = (e.payload ?? {}) as Record<string, unknown>;
  const node = e.node ? `${e.node.kind.toLowerCase()} “${e.node.title.slice(0, 80)}”` : "a node";
  const subject = e.subject?.displayName ?? "a member";
  switch (e.type) {
    case "debate.created": return "started the debate";
    case "debate.updated": return `changed the debate settings (${Array.isArray(payload.fields) ? payload.fields.join(", ") : "settings"})`;
    case "member.joined": return payload.invitedBy ? `invited ${subject}` : `joined as ${String(payload.side ?? "").toLowerCase()}`;
    case "member.side-changed": return `switched to ${String(payload.to ?? "").toLowerCase()}`;
    case "member.removed": return `removed ${subject}`;
    case "member.left": return payload.reason === "account-deleted" ? "deleted their account and left" : "left the debate";
    case "debate.ownership-transferred": return `handed ownership to ${subject}`;
    case "member.role-changed": return `made ${subject} ${String(payload.role ?? "").toLowerCase()}`;
    case "node.created": return `posted ${node}`;
    case "node.edited": return `edited ${node}`;
    case "node.retracted": return `retracted ${node}`;
    case "node.accepted": return `accepted ${node}`;
    case "branch.pruned": return `pruned ${node}${payload.category ? ` (${String(payload.category).toLowerCase().replace(/_/g, " ")})` : ""}`;
    case "branch.reopened": return `reopened ${node}`;
    case "branch.estimated": return `estimated ${node} at ${String(payload.promise ?? "?")}`;
    case "debate.invite-rotated": return "made a new invite link";
    case "claim.resolved": return `resolved ${node}${payload.outcome ? ` as ${String(payload.outcome).toLowerCase()}` : ""}`;
    case "crux.estimated": return `said what would change their mind on ${node}: ${pct(payload.credence)} now, ${pct(payload.ifTrue)} if true, ${pct(payload.ifFalse)} if false`;
    case "crux.follow-up-requested": return `asked ${Array.isArray(payload.userIds) ? payload.userIds.length : "the"} participant(s) who pre-committed on ${node} to confirm or revise their update`;
    case "crux.confirmed": return `confirmed their pre-committed update on ${node} (now ${pct(payload.credence)})`;
    case "crux.revised": return `revised their update on ${node}: now ${pct(payload.credence)}, pre-committed ${pct(payload.precommitted)}`;
    case "summary.created": return "wrote a summary of the debate";
    case "summary.edited": return "edited a summary (its endorsements were cleared)";
    case "summary.endorsed": return "endorsed a summary";
    case "summary.unendorsed": return "withdrew an endorsement of a summary";
    default: return `${e.type.replace(".", " ")}${e.node ? ` on ${node}` : ""}`;
  }
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
              <strong>{e.actor?.displayName ?? "System"}</strong>{" "}
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
