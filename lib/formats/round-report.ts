// A judged round's results as a Markdown report (the JSON answer is the contract's).
import { escapeMarkdownInline, neutraliseMarkdownHtml } from "./escape";
import { NODE_KIND_LABELS, ROUND_VERDICT_LABELS, SIDE_LABELS, type NodeKind, type RoundVerdict, type Side } from "@/lib/domain/vocabulary";

export interface RoundReport {
  debate: { title: string };
  round: { number: number; title: string; rubric: string; status: string; openedAt: string; deadline: string; finalisedAt: string | null; judges: { displayName: string }[] };
  entries: {
    kind: NodeKind;
    side: Side;
    title: string;
    body: string;
    authorName: string;
    revision: number;
    retracted: boolean;
    verdicts: { judgeName: string; verdict: RoundVerdict; reason: string }[];
  }[];
}

const STATUS_TEXT: Record<string, string> = { open: "open (entries may still change)", closed: "closed: judging", judged: "judged (final)" };

export function roundReportMarkdown(report: RoundReport): string {
  const { round } = report;
  const lines = [
    `# Round ${round.number}: ${escapeMarkdownInline(round.title)}`,
    "",
    `Debate: ${escapeMarkdownInline(report.debate.title)}  `,
    `Opened ${round.openedAt}, deadline ${round.deadline}; ${STATUS_TEXT[round.status] ?? round.status}${round.finalisedAt ? `, finalised ${round.finalisedAt}` : ""}.  `,
    `Judges: ${round.judges.map((j) => escapeMarkdownInline(j.displayName)).join(", ") || "none"}`,
    "",
    "## Rubric",
    "",
    neutraliseMarkdownHtml(round.rubric),
    "",
    "## Entries",
    "",
  ];
  if (report.entries.length === 0) lines.push("No patch or counterexample was posted while the round was open.", "");
  for (const entry of report.entries) {
    const label = `${NODE_KIND_LABELS[entry.kind]} by ${escapeMarkdownInline(entry.authorName)} (${SIDE_LABELS[entry.side]})`;
    lines.push(`### ${escapeMarkdownInline(entry.title) || "(untitled)"}`, "", `${label}, locked text at revision ${entry.revision}${entry.retracted ? ", since retracted" : ""}.`, "");
    lines.push(...neutraliseMarkdownHtml(entry.body).split("\n").map((l) => `> ${l}`), "");
    if (entry.kind === "PATCH") {
      if (entry.verdicts.length === 0) lines.push("No verdict yet.", "");
      for (const v of entry.verdicts) {
        lines.push(`- **${escapeMarkdownInline(v.judgeName)}**: ${ROUND_VERDICT_LABELS[v.verdict]}. ${escapeMarkdownInline(v.reason)}`);
      }
      if (entry.verdicts.length > 0) lines.push("");
    }
  }
  return lines.join("\n");
}
