"use client";
import { useCallback, useSyncExternalStore } from "react";

// "How this debate works", shown until dismissed (remembered in localStorage), and the
// legend of the page's colours and badges. One colour means one thing: blue is the
// Builder's side, orange the Breaker's, grey an observer's; green holds, red fails,
// amber is set aside, a dashed outline waits for someone, purple is settled by evidence.

const DISMISSED_KEY = "bb:how-it-works:dismissed";
const listeners = new Set<() => void>();

function readDismissed(): boolean {
  try {
    return window.localStorage.getItem(DISMISSED_KEY) === "1";
  } catch {
    return false; // storage blocked: show the hint, it can still be closed for this page
  }
}

let dismissedThisPage = false;

export function useHowItWorksDismissed(): [boolean, (dismissed: boolean) => void] {
  const dismissed = useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => dismissedThisPage || readDismissed(),
    () => true,
  );
  const set = useCallback((value: boolean) => {
    dismissedThisPage = value;
    try {
      if (value) window.localStorage.setItem(DISMISSED_KEY, "1");
      else window.localStorage.removeItem(DISMISSED_KEY);
    } catch {
      // storage blocked: remembered for this page only
    }
    for (const l of listeners) l();
  }, []);
  return [dismissed, set];
}

/**
 * The method in four lines. `compact` (narrow screens, where it sits above the tree):
 * folded to its one-line title until opened, so the first tree rows stay in view.
 */
export function HowItWorks({ onDismiss, compact = false }: { onDismiss: () => void; compact?: boolean }) {
  const steps = (
    <>
      <ol className="small">
        <li>The <strong className="side-text BUILDER">Builder</strong> proposes a plan: the first move of the tree, shown above as “The plan”.</li>
        <li>The <strong className="side-text BREAKER">Breaker</strong> posts <strong>counterexamples</strong>: concrete cases where the current version fails.</li>
        <li>A <strong>patch</strong> answers counterexamples with a new version of the plan; a <strong>rebuttal</strong> argues a counterexample does not hold, and counts once accepted.</li>
        <li>Branches that lead nowhere are <strong>pruned</strong> with a reason, and can be <strong>reopened</strong> later (see Revisit).</li>
      </ol>
      <p className="small muted">Pick a move in the tree to read it and reply. Observers can read, ask questions and comment.</p>
      <button type="button" className="secondary" onClick={onDismiss}>Got it, hide this</button>
    </>
  );
  if (compact) {
    return (
      <details className="panel how-it-works compact" data-testid="how-it-works">
        <summary>
          <h2 id="how-it-works-heading">How this debate works</h2>
          <span className="small muted how-it-works-sub"> · the moves in a minute</span>
        </summary>
        {steps}
      </details>
    );
  }
  return (
    <section className="panel how-it-works" aria-labelledby="how-it-works-heading" data-testid="how-it-works">
      <h2 id="how-it-works-heading">How this debate works</h2>
      {steps}
    </section>
  );
}

const SIDES = [
  ["BUILDER", "Builder", "proposes and patches the plan"],
  ["BREAKER", "Breaker", "looks for counterexamples"],
  ["OBSERVER", "Observer", "asks and comments"],
] as const;

const STATUSES = [
  ["stands", "stands / accepted / supported", "holds for now"],
  ["broken", "broken / refuted", "fails: a live counterexample or evidence against it"],
  ["pruned", "pruned", "set aside with a reason; can be reopened"],
  ["retracted", "retracted", "withdrawn by its author"],
  ["awaiting", "awaiting", "waiting for someone: a rebuttal to accept, a claim to review"],
  ["empirical", "empirical", "to be settled by evidence (an experiment or data)"],
  ["kind", "v2", "a version of the plan"],
] as const;

/** What the colours and badges mean. */
export function Legend({ idPrefix, open = false, onShowHowItWorks }: { idPrefix: string; open?: boolean; onShowHowItWorks?: () => void }) {
  return (
    <details className="legend small" open={open} data-testid={`${idPrefix}-legend`}>
      <summary>Legend</summary>
      <div className="legend-body">
        <p className="legend-title">The colour of a move&apos;s label and of the bar on its left is the side that posted it:</p>
        <ul className="list legend-list">
          {SIDES.map(([side, label, what]) => (
            <li key={side}><span className="side-bar-swatch" data-side={side} aria-hidden /> <span className={`badge side-${side}`}>{label}</span> {what}</li>
          ))}
        </ul>
        <p className="legend-title">Status badges:</p>
        <ul className="list legend-list">
          {STATUSES.map(([cls, label, what]) => (
            <li key={cls}><span className={`badge ${cls}`}>{label}</span> {what}</li>
          ))}
        </ul>
        {onShowHowItWorks ? <button type="button" className="secondary" onClick={onShowHowItWorks}>How this debate works</button> : null}
      </div>
    </details>
  );
}
