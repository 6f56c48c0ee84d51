"use client";
import { useEffect, useState } from "react";
import { callApi } from "@/lib/client/api";
import { debateCruxLedger, type ClaimLedgerView } from "@/lib/contracts/cruxes";
import { OUTCOME_WORDS } from "./CruxLedgerPanel";

/**
 * The debate's double cruxes (claims where a Builder and a Breaker would move a lot,
 * in opposite directions) and settled claims that moved nobody. Re-read whenever the
 * debate's data changes (`version`); tells the tree which rows get the badge.
 */
export function DoubleCruxList({ debateId, version, labelOf, onOpen, onDoubleCruxes }: {
  debateId: string;
  version: unknown;
  labelOf: (nodeId: string) => string;
  onOpen: (nodeId: string) => void;
  onDoubleCruxes: (ids: ReadonlySet<string>) => void;
}) {
  const [claims, setClaims] = useState<ClaimLedgerView[]>([]);
  useEffect(() => {
    let cancelled = false;
    callApi(debateCruxLedger, { params: { debateId } })
      .then(({ claims }) => {
        if (cancelled) return;
        setClaims(claims);
        onDoubleCruxes(new Set(claims.filter((c) => c.doubleCrux && !c.verdict).map((c) => c.nodeId)));
      })
      .catch(() => {
        // The list is an extra: the tree and panel still work without it.
      });
    return () => {
      cancelled = true;
    };
  }, [debateId, version, onDoubleCruxes]);
  const shown = claims.filter((c) => (c.doubleCrux && !c.verdict) || c.outcome === "moved-nobody");
  if (!shown.length) return null;
  return (
    <section className="panel" aria-labelledby="double-cruxes-heading" data-testid="double-cruxes">
      <h2 id="double-cruxes-heading">Double cruxes</h2>
      <ul className="list">
        {shown.map((c) => (
          <li key={c.nodeId}>
            <button type="button" className="secondary" onClick={() => onOpen(c.nodeId)}>{labelOf(c.nodeId)}</button>{" "}
            {c.doubleCrux && !c.verdict ? <span className="badge double-crux">double crux</span> : null}{" "}
            {OUTCOME_WORDS[c.outcome] ? <span className={`badge crux-${c.outcome}`}>{OUTCOME_WORDS[c.outcome]}</span> : null}{" "}
            <span className="small muted">
              {c.people.length} pre-committed · expected belief change {Math.round(c.expectedBeliefChange * 100)} pts
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
