import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/auth/actor";
import { getDebate } from "@/lib/debate/debates";
import { AppError } from "@/lib/errors";
import { DebateLoader } from "./DebateLoader";

export const dynamic = "force-dynamic";

// The page renders the debate's header at once; the tree and its analyses load
// from /api/v1/debates/{id}/overview in the browser, so a 10,000-node debate
// paints fast.
export default async function DebatePage({ params }: { params: Promise<{ debateId: string }> }) {
  const { debateId } = await params;
  const actor = await sessionActor();
  const debate = await getDebate(actor, debateId).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) return null;
    throw error;
  });
  if (!debate) notFound();
  return <DebateLoader debateId={debate.id} title={debate.title} context={debate.context} />;
}
