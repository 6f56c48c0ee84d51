import type { Outcome, PruneAction, ResolutionMode } from "@/lib/domain/vocabulary";

// The shape of GET /api/v1/debates/{id}/nodes/{nodeId} as the browser receives it.
export interface NodeDetail {
  id: string;
  debateId: string;
  parentId: string | null;
  kind: string;
  side: string;
  authorId: string;
  title: string;
  body: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  quoteText: string | null;
  quoteStart: number | null;
  quoteEnd: number | null;
  targetVersions: number[];
  answersNodeIds: string[];
  retractedAt: string | null;
  prunedAt: string | null;
  acceptedAt: string | null;
  resolutionMode: ResolutionMode;
  outcome: Outcome | null;
  author: { id: string; username: string; displayName: string };
  version: { number: number; body: string } | null;
  revisions: { revision: number; editorId: string; title: string; body: string; createdAt: string }[];
  pruneEvents: { id: string; action: PruneAction; category: string | null; reason: string; promise: number | null; duplicateOf: string | null; actorId: string; createdAt: string }[];
  estimates: { userId: string; promise: number; updatedAt: string }[];
  experiment: {
    question: string;
    method: string;
    supportIf: string;
    refuteIf: string;
    ownerId: string | null;
    status: string;
    links: { label: string; url: string }[];
    revision: number;
    updatedAt: string;
  } | null;
  predictions: { userId: string; side: string; probability: number; createdAt: string }[];
  resolutions: { action: string; outcome: string | null; summary: string; evidence: { label: string; url: string }[]; actorId: string; createdAt: string }[];
  cruxes: { userId: string; side: string; createdAt: string }[];
}
