"use client";
import Link from "next/link";
import type { DebateViewProps } from "@/lib/contracts/debates";
import { ExportMenu } from "./ExportMenu";

/**
 * The debate's title and one line about it. On a phone the line is cut to fit and the
 * links fold into "More", so the header takes two rows; the plan's standing is in the plan.
 */
export function DebateHeader({ debate, focusId, phone }: { debate: DebateViewProps["debate"]; focusId: string | null; phone: boolean }) {
  const facts = (
    <>
      Hosted by {debate.owner.displayName} · <span className="badge kind">{debate.visibility.toLowerCase()}</span>{" "}
      <span className="badge kind">{debate.playMode === "STRICT" ? "strict turns" : "open play"}</span> · {debate.nodeCount} moves · {debate.memberCount} participants
    </>
  );
  const links = (
    <>
      <Link href={`/debates/${debate.id}/state`}>State of the debate</Link>
      <Link href={`/debates/${debate.id}/activity`}>Activity</Link>
      <a href={`/debates/${debate.id}/agenda`}>Research agenda</a>
      <a href={`/debates/${debate.id}/rounds`}>Rounds</a>
    </>
  );
  return (
    <header className="debate-header" data-testid="debate-header">
      <h1>{debate.title}</h1>
      {phone ? (
        <div className="debate-meta small">
          <span className="debate-facts muted">{debate.nodeCount} moves · {debate.memberCount} participants · {debate.visibility.toLowerCase()}</span>
          <Link href={`/debates/${debate.id}/activity`}>Activity</Link>
          <details className="debate-more">
            <summary>More</summary>
            <div className="debate-more-menu panel stack">
              <p className="small muted">{facts}</p>
              <Link href={`/debates/${debate.id}/state`}>State of the debate</Link>
              <a href={`/debates/${debate.id}/agenda`}>Research agenda</a>
              <a href={`/debates/${debate.id}/rounds`}>Rounds</a>
              <ExportMenu debateId={debate.id} subtreeId={focusId} />
            </div>
          </details>
        </div>
      ) : (
        <div className="debate-meta small">
          <span className="debate-facts muted">{facts}</span>
          <span className="row debate-links">{links}<ExportMenu debateId={debate.id} subtreeId={focusId} /></span>
        </div>
      )}
    </header>
  );
}
