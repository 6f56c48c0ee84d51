import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { debateAgenda } from "@/lib/server/empirical/service";
import { agendaQuerySchema } from "@/lib/domain/empirical/validation";
import { AppError } from "@/lib/domain/errors";
import { AgendaTable } from "@/app/agenda/AgendaTable";

export const metadata: Metadata = { title: "Research agenda of the debate" };

export const dynamic = "force-dynamic";

export default async function DebateAgendaPage({
  params,
  searchParams,
}: {
  params: Promise<{ debateId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { debateId } = await params;
  const raw = await searchParams;
  const parsed = agendaQuerySchema.safeParse({ sort: raw.sort, order: raw.order });
  const { sort, order } = parsed.success ? parsed.data : agendaQuerySchema.parse({});
  const actor = await sessionActor();
  const agenda = await debateAgenda(actor, debateId, sort, order).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) return null;
    throw error;
  });
  if (!agenda) notFound();
  return (
    <>
      <p className="small"><Link href={`/debates/${debateId}`}>← {agenda.debate.title}</Link></p>
      <h1>Research agenda</h1>
      <p className="muted">Open and disputed empirical claims in this debate, with their experiments and how each side predicts they will turn out, and claims that are not empirical but on which participants pre-committed updates (flagged “crux (not empirical)”). Sort by expected belief change to rank them all by how much they would move people.</p>
      <AgendaTable
        rows={agenda.rows}
        sort={sort}
        order={order}
        pagePath={`/debates/${debateId}/agenda`}
        exportPath={`/api/v1/debates/${debateId}/agenda`}
        showDebate={false}
      />
    </>
  );
}
