// The research agenda as an HTTP answer: JSON, or a CSV / Markdown download.

import "server-only";
import { json } from "@/lib/http/route";
import { agendaToCsv, agendaToMarkdown, type AgendaRow } from "@/lib/domain/empirical/agenda";

type Entry = AgendaRow & { debateId: string; debateTitle: string };

export function agendaResponse(rows: readonly Entry[], format: "json" | "csv" | "md", filename: string, options: { withDebate?: boolean } = {}): Response {
  if (format === "json") return json({ rows });
  // The table has no debate column; across debates the claim names its debate.
  const table = options.withDebate ? rows.map((r) => ({ ...r, title: `[${r.debateTitle}] ${r.title}` })) : rows;
  const safeName = filename.replace(/[^a-zA-Z0-9_-]/g, "_");
  const [body, type, ext] =
    format === "csv" ? [agendaToCsv(table), "text/csv", "csv"] : [agendaToMarkdown(table), "text/markdown", "md"];
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": `${type}; charset=utf-8`,
      "content-disposition": `attachment; filename="${safeName}.${ext}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
