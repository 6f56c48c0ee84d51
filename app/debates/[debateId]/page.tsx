import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { apiUrl } from "@/lib/client/api";
import { getOverview } from "@/lib/contracts/debates";
import { sessionActor } from "@/lib/http/actor";
import { safeCallbackPath } from "@/lib/domain/auth/redirect";
import { getDebate, getInvitation } from "@/lib/server/debate/debates";
import { AppError } from "@/lib/domain/errors";
import { clipWords } from "@/lib/domain/text";
import { DebateLoader } from "./DebateLoader";
import { Invitation } from "./Invitation";

export const dynamic = "force-dynamic";

const nullWhenHidden = (error: unknown) => {
  if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) return null;
  throw error;
};

// Read once per request: the page and its metadata ask for the same debate.
const readableDebate = cache(async (debateId: string) => getDebate(await sessionActor(), debateId).catch(nullWhenHidden));

type PageProps = {
  params: Promise<{ debateId: string }>;
  searchParams: Promise<{ invite?: string | string[] }>;
};

// Public debates are meant to be found and shared (OpenGraph); unlisted and private ones,
// and invitations, are not indexed. A debate the viewer cannot read names nothing.
export async function generateMetadata({ params, searchParams }: PageProps): Promise<Metadata> {
  const [{ debateId }, { invite }] = await Promise.all([params, searchParams]);
  const debate = await readableDebate(debateId);
  if (!debate) return { title: invite ? "Invitation" : "Not found", robots: { index: false, follow: false } };
  const description = clipWords(debate.context.replace(/\s+/g, " ").trim(), 200) || "A builder/breaker debate.";
  if (debate.visibility !== "PUBLIC") return { title: debate.title, description, robots: { index: false, follow: false } };
  return {
    title: debate.title,
    description,
    openGraph: { title: debate.title, description, type: "article", siteName: "Builder/Breaker" },
  };
}

// The page renders the debate's header at once; the tree and its analyses load
// from /api/v1/debates/{id}/overview in the browser, so a 10,000-node debate
// paints fast. Someone who cannot read the debate yet but holds a valid invite
// (?invite=…) gets the invitation instead of a 404.
export default async function DebatePage({ params, searchParams }: PageProps) {
  const [{ debateId }, { invite }] = await Promise.all([params, searchParams]);
  const debate = await readableDebate(debateId);
  if (debate) {
    // The loader's first request, started by the browser beside the page's scripts rather than
    // after them: on a 100,000-node debate the rows show ~1 s sooner. The URL and credentials
    // mode are the ones callApi uses, so the loader's fetch takes this response.
    const overviewUrl = apiUrl(getOverview, { params: { debateId: debate.id }, query: { analysis: "later" } });
    return (
      <>
        <link rel="preload" as="fetch" href={overviewUrl} crossOrigin="anonymous" />
        <DebateLoader debateId={debate.id} title={debate.title} context={debate.context} />
      </>
    );
  }
  const invitation = typeof invite === "string" ? await getInvitation(await sessionActor(), debateId, invite).catch(nullWhenHidden) : null;
  if (!invitation) notFound();
  const returnTo = safeCallbackPath(`/debates/${encodeURIComponent(invitation.id)}?invite=${encodeURIComponent(invite as string)}`);
  return <Invitation invitation={invitation} inviteCode={invite as string} returnTo={returnTo} />;
}
