import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { safeCallbackPath } from "@/lib/domain/auth/redirect";
import { getDebate, getInvitation } from "@/lib/server/debate/debates";
import { AppError } from "@/lib/domain/errors";
import { DebateLoader } from "./DebateLoader";
import { Invitation } from "./Invitation";

export const dynamic = "force-dynamic";

const nullWhenHidden = (error: unknown) => {
  if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) return null;
  throw error;
};

// The page renders the debate's header at once; the tree and its analyses load
// from /api/v1/debates/{id}/overview in the browser, so a 10,000-node debate
// paints fast. Someone who cannot read the debate yet but holds a valid invite
// (?invite=…) gets the invitation instead of a 404.
export default async function DebatePage({
  params,
  searchParams,
}: {
  params: Promise<{ debateId: string }>;
  searchParams: Promise<{ invite?: string | string[] }>;
}) {
  const [{ debateId }, { invite }] = await Promise.all([params, searchParams]);
  const actor = await sessionActor();
  const debate = await getDebate(actor, debateId).catch(nullWhenHidden);
  if (debate) return <DebateLoader debateId={debate.id} title={debate.title} context={debate.context} />;
  const invitation = typeof invite === "string" ? await getInvitation(actor, debateId, invite).catch(nullWhenHidden) : null;
  if (!invitation) notFound();
  const returnTo = safeCallbackPath(`/debates/${encodeURIComponent(invitation.id)}?invite=${encodeURIComponent(invite as string)}`);
  return <Invitation invitation={invitation} inviteCode={invite as string} returnTo={returnTo} />;
}
