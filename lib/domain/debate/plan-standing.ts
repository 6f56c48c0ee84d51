// The current plan's standing in words: from the scoreboard (one definition of "live"), and the weight
// of what breaks it under the owner's rule (standing.ts). The plan panel is the one place that says it.
import type { Scoreboard } from "@/lib/domain/debate/scoreboard";
import type { StandingRule, WeightedStanding } from "@/lib/domain/debate/standing";

export interface PlanStanding {
  status: "stands" | "broken" | "none";
  /** Short badge text: "stands", "broken by 2". */
  badge: string;
  /** One sentence a newcomer understands. */
  sentence: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function planStanding(scoreboard: Pick<Scoreboard, "current" | "counterexamples">): PlanStanding {
  const current = scoreboard.current;
  if (!current) return { status: "none", badge: "no plan", sentence: "This debate has no proposal yet." };
  const answered = scoreboard.counterexamples.filter((c) => c.disposition === "live" && c.answeredBy.some((a) => a.version <= current.number) && !current.brokenBy.includes(c.id)).length;
  const rebutted = scoreboard.counterexamples.filter((c) => c.disposition === "rebutted" || c.disposition === "defeated").length;
  const settled: string[] = [];
  if (answered) settled.push(`${plural(answered, "counterexample")} answered by a patch`);
  if (rebutted) settled.push(`${plural(rebutted, "counterexample")} rebutted`);
  const settledText = settled.length ? ` ${settled.join(", ")}.` : "";
  if (current.status === "stands") {
    const none = scoreboard.counterexamples.length === 0;
    return {
      status: "stands",
      badge: "stands",
      sentence: none
        ? `v${current.number} stands: no counterexample has been posted yet.`
        : `v${current.number} stands: no live counterexample breaks it.${settledText}`,
    };
  }
  const n = current.brokenBy.length;
  return {
    status: "broken",
    badge: `broken by ${n}`,
    sentence: `v${current.number} is broken by ${plural(n, "live counterexample")} that no patch or accepted rebuttal has answered yet.${settledText}`,
  };
}

/** What the weighted line needs: the owner's rule, the current version's weighed standing and its sentence, the class count. */
export interface WeighedCurrent {
  rule: StandingRule;
  current: (Pick<WeightedStanding, "number" | "weight"> & { text: string }) | null;
  classCount: number;
}

/**
 * The plan's second line: the weight of what breaks the current version, under the owner's rule.
 * Null when it would say nothing the first sentence does not (the default rule, nothing weighed,
 * no classes), so a newcomer's first debate reads one sentence.
 */
export function weighedStandingLine({ rule, current, classCount }: WeighedCurrent): { text: string; rule: string } | null {
  if (!current) return null;
  if (rule.rule === "ANY_LIVE" && current.weight.estimates === 0 && classCount === 0) return null;
  return {
    text: `v${current.number} ${current.text}`,
    rule: rule.rule === "ANY_LIVE" ? "any live counterexample breaks" : `breaks at median plausibility ≥ ${rule.threshold} %`,
  };
}
