import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/auth/actor";
import { getDebate } from "@/lib/debate/debates";
import { debateOverview } from "@/lib/debate/overview";
import { AppError } from "@/lib/errors";
import { DebateView } from "./DebateView";
import { buildViewProps } from "./view-model";

export const dynamic = "force-dynamic";

export default async function DebatePage({ params }: { params: Promise<{ debateId: string }> }) {
  const { debateId } = await params;
  const actor = await sessionActor();
  const loaded = await Promise.all([getDebate(actor, debateId), debateOverview(actor, debateId)]).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!loaded) notFound();
  const [debate, overview] = loaded;
  return <DebateView {...buildViewProps(debate, overview, actor?.id ?? null)} />;
}
