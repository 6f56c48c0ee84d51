import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { getDebate, listMembers } from "@/lib/server/debate/debates";
import { AppError } from "@/lib/domain/errors";
import { viewerPermissions } from "../viewer-permissions";
import { MemberActions } from "./MemberActions";
import { LeaveDebateButton } from "../LifecycleActions";

export const metadata: Metadata = { title: "Members" };

export const dynamic = "force-dynamic";

export default async function MembersPage({ params }: { params: Promise<{ debateId: string }> }) {
  const { debateId } = await params;
  const actor = await sessionActor();
  const loaded = await Promise.all([getDebate(actor, debateId), listMembers(actor, debateId)]).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!loaded) notFound();
  const [debate, { members, roleChanges }] = loaded;
  // Ownership is Debate.ownerId, not a membership row's role (docs/permissions.md).
  const viewerCan = viewerPermissions(debate, debate.me, actor?.id ?? null);
  const manages = viewerCan("member:set-role");
  const names = new Map(members.map((m) => [m.user.id, m.user.displayName]));
  return (
    <>
      <p><Link href={`/debates/${debate.id}`}>← {debate.title}</Link></p>
      <h1>Members</h1>
      {viewerCan("debate:leave") ? (
        <p className="row"><LeaveDebateButton debateId={debate.id} title={debate.title} isPrivate={debate.visibility === "PRIVATE"} /> <span className="small muted">Your moves stay in the debate.</span></p>
      ) : null}
      {manages ? (
        <p className="small muted" data-testid="owner-hint">
          You own this debate. To leave it, first make another member the owner (you stay as a moderator); or delete it under Debate settings.
        </p>
      ) : null}
      <table className="grid panel" aria-label="Members">
        <thead><tr><th>Member</th><th>Side</th><th>Role</th><th>Joined</th>{manages ? <th>Manage</th> : null}</tr></thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.user.id}>
              <td>{m.user.displayName} <span className="small muted">@{m.user.username}</span></td>
              <td><span className={`badge side-${m.side}`}>{m.side.toLowerCase()}</span></td>
              <td>{m.role.toLowerCase()}</td>
              <td>{m.joinedAt.toISOString().slice(0, 10)}</td>
              {manages ? (
                <td>{m.user.id === debate.owner.id ? null : <MemberActions debateId={debate.id} userId={m.user.id} name={m.user.displayName} role={m.role} />}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Side changes</h2>
      <ul className="list panel" aria-label="Side changes">
        {roleChanges.map((c, i) => (
          <li key={i} className="small">
            {c.createdAt.toISOString().replace("T", " ").slice(0, 16)} · {names.get(c.userId) ?? "a former member"}:{" "}
            {c.fromSide ? `${c.fromSide.toLowerCase()} → ` : "joined as "}{c.toSide.toLowerCase()}
          </li>
        ))}
      </ul>
    </>
  );
}
