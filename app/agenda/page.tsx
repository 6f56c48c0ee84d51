import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { myAgenda } from "@/lib/server/empirical/service";
import { agendaQuerySchema } from "@/lib/domain/empirical/validation";
import { AgendaTable } from "./AgendaTable";

export const metadata: Metadata = { title: "Research agenda" };

export const dynamic = "force-dynamic";

export default async function MyAgendaPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await sessionActor();
  if (!actor) redirect("/signin?callbackUrl=/agenda");
  const raw = await searchParams;
  const parsed = agendaQuerySchema.safeParse({ sort: raw.sort, order: raw.order });
  const { sort, order } = parsed.success ? parsed.data : agendaQuerySchema.parse({});
  const { rows } = await myAgenda(actor, sort, order);
  return (
    <>
      <h1>Research agenda</h1>
      <p className="muted">Open empirical claims across the debates you own or joined: what to measure next, and where the sides disagree most; claims that are not empirical appear too when someone pre-committed how they would move (flagged “crux (not empirical)”).</p>
      <AgendaTable rows={rows} sort={sort} order={order} pagePath="/agenda" exportPath="/api/v1/me/agenda" showDebate />
    </>
  );
}
