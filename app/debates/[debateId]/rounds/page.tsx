import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { getDebate, listMembers } from "@/lib/server/debate/debates";
import { listRounds, roundResults } from "@/lib/server/rounds/service";
import { AppError } from "@/lib/domain/errors";
import { NODE_KIND_LABELS, ROUND_VERDICT_LABELS, SIDE_LABELS } from "@/lib/domain/vocabulary";
import { Markdown } from "@/app/components/Markdown";
import { viewerPermissions } from "../viewer-permissions";
import { FinaliseRoundButton, OpenRoundForm, VerdictForm } from "./RoundForms";

export const metadata: Metadata = { title: "Judged rounds" };

export const dynamic = "force-dynamic";

const STATUS: Record<string, string> = {
  open: "Open: entries may still be posted and edited",
  closed: "Closed: entries are locked, judges are at work",
  judged: "Judged: results are final",
};

function utc(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

export default async function RoundsPage({ params }: { params: Promise<{ debateId: string }> }) {
  const { debateId } = await params;
  const actor = await sessionActor();
  const loaded = await Promise.all([getDebate(actor, debateId), listRounds(actor, debateId), listMembers(actor, debateId)]).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!loaded) notFound();
  const [debate, rounds, { members }] = loaded;
  const viewerCan = viewerPermissions(debate, debate.me, actor?.id ?? null);
  // Newest first: the round people are working in is at the top.
  const results = await Promise.all([...rounds].reverse().map((r) => roundResults(actor, debateId, r.number)));
  const anyOpen = rounds.some((r) => r.status === "open");
  return (
    <>
      <p className="small"><Link href={`/debates/${debate.id}`}>← {debate.title}</Link></p>
      <h1>Judged rounds</h1>
      <p className="muted">
        In a round, patches and counterexamples posted before the deadline are its entries. At the deadline their text locks;
        the judges then give each patch a verdict with a reason, and the owner finalises the results.
      </p>
      {viewerCan("round:open") && !anyOpen ? (
        <OpenRoundForm debateId={debate.id} members={members.map((m) => ({ id: m.user.id, displayName: m.user.displayName }))} />
      ) : null}
      {results.length === 0 ? <p className="muted">No round yet.</p> : null}
      {results.map(({ round, entries }) => {
        const isJudge = actor !== null && round.judges.some((j) => j.id === actor.id);
        return (
          <section key={round.number} className="panel stack" aria-labelledby={`round-${round.number}`} data-testid={`round-${round.number}`}>
            <h2 id={`round-${round.number}`}>Round {round.number}: {round.title}</h2>
            <p className="small">
              <strong data-testid="round-status">{STATUS[round.status]}</strong>. Opened {utc(round.openedAt)}, deadline {utc(round.deadline)}
              {round.finalisedAt ? `, finalised ${utc(round.finalisedAt)}` : ""}. Judges: {round.judges.map((j) => j.displayName).join(", ")}.
            </p>
            <details>
              <summary>Rubric</summary>
              <Markdown text={round.rubric} />
            </details>
            <p className="small row">
              <a href={`/api/v1/debates/${debate.id}/rounds/${round.number}?format=md`}>Download results (Markdown)</a>
              <a href={`/api/v1/debates/${debate.id}/rounds/${round.number}`}>JSON</a>
            </p>
            {viewerCan("round:finalise") && round.status === "closed" ? <FinaliseRoundButton debateId={debate.id} number={round.number} /> : null}
            {entries.length === 0 ? <p className="muted small">No entries.</p> : null}
            <ol className="stack">
              {entries.map((entry) => (
                <li key={entry.nodeId} data-testid="round-entry">
                  <p>
                    <span className={`badge kind-${entry.kind.toLowerCase()}`}>{NODE_KIND_LABELS[entry.kind]}</span>{" "}
                    <Link href={`/debates/${debate.id}?node=${entry.nodeId}`}>{entry.title || "(untitled)"}</Link>{" "}
                    <span className="small muted">by {entry.authorName} ({SIDE_LABELS[entry.side]}), {round.status === "open" ? `revision ${entry.revision}` : `locked at revision ${entry.revision}`}{entry.retracted ? ", retracted" : ""}</span>
                  </p>
                  {entry.kind === "PATCH" ? (
                    <>
                      {entry.verdicts.length > 0 ? (
                        <ul className="small" aria-label="Verdicts">
                          {entry.verdicts.map((v) => (
                            <li key={v.judgeId}><strong>{v.judgeName}</strong>: {ROUND_VERDICT_LABELS[v.verdict]}. {v.reason}</li>
                          ))}
                        </ul>
                      ) : (
                        <p className="small muted">No verdict yet.</p>
                      )}
                      {isJudge && round.status === "closed" && entry.authorId !== actor?.id ? (
                        <VerdictForm debateId={debate.id} number={round.number} nodeId={entry.nodeId} current={entry.verdicts.find((v) => v.judgeId === actor?.id) ?? null} />
                      ) : null}
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </>
  );
}
