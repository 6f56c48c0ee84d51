// The research agenda as an HTTP answer: JSON (checked by apiRoute), or a CSV / Markdown download.

import "server-only";
import { downloadResponse } from "@/lib/http/download";
import { agendaToCsv, agendaToMarkdown, type AgendaRow } from "@/lib/domain/empirical/agenda";

type Entry = AgendaRow & { debateId: string; debateTitle: string };

export function agendaResponse<E extends Entry>(rows: readonly E[], format: "json" | "csv" | "md", filename: string, options: { withDebate?: boolean } = {}): { rows: readonly E[] } | Response {
  if (format === "json") return { rows };
  // The table has no debate column; across debates the claim names its debate.
  const table = options.withDebate ? rows.map((r) => ({ ...r, title: `[${r.debateTitle}] ${r.title}` })) : rows;
  const [body, type, ext] =
    format === "csv" ? [agendaToCsv(table), "text/csv", "csv"] : [agendaToMarkdown(table), "text/markdown", "md"];
  return downloadResponse(body, type, `${filename}.${ext}`);
}
