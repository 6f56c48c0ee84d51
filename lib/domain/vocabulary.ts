// The debate vocabulary, written once. Every enum the domain, the formats, the
// contracts and the UI speak is a const list here with its union type (and its
// labels where the UI shows one). prisma/schema.prisma declares the same enums
// for the database; tests/unit/domain/vocabulary.test.ts fails typecheck and the
// unit run when the two drift apart, so neither can change alone.
// Pure: no Prisma, no database, safe in client components.

export const VISIBILITIES = ["PUBLIC", "UNLISTED", "PRIVATE"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const PLAY_MODES = ["OPEN", "STRICT"] as const;
export type PlayMode = (typeof PLAY_MODES)[number];

export const MEMBER_ROLES = ["OWNER", "MODERATOR", "MEMBER"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const SIDES = ["BUILDER", "BREAKER", "OBSERVER"] as const;
export type Side = (typeof SIDES)[number];
export const SIDE_LABELS: Readonly<Record<Side, string>> = { BUILDER: "Builder", BREAKER: "Breaker", OBSERVER: "Observer" };

export const NODE_KINDS = ["PROPOSAL", "COUNTEREXAMPLE", "PATCH", "REBUTTAL", "QUESTION", "COMMENT", "SUPPORT"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
/** The kinds a member can post as a reply: the proposal comes with the debate. */
export const MOVE_KINDS = ["COUNTEREXAMPLE", "PATCH", "REBUTTAL", "QUESTION", "COMMENT", "SUPPORT"] as const satisfies readonly Exclude<NodeKind, "PROPOSAL">[];
export type MoveKind = (typeof MOVE_KINDS)[number];
export const NODE_KIND_LABELS: Readonly<Record<NodeKind, string>> = {
  PROPOSAL: "Proposal",
  COUNTEREXAMPLE: "Counterexample",
  PATCH: "Patch",
  REBUTTAL: "Rebuttal",
  QUESTION: "Question",
  COMMENT: "Comment",
  SUPPORT: "Support",
};

/**
 * Typed cross-links between two nodes of one debate, besides the parent edge: the tree stays the
 * reading order, links make it a graph (docs/decisions/012-support-and-links.md).
 */
export const LINK_TYPES = ["SUPPORTS", "ATTACKS", "SAME_CLAIM", "SEE_ALSO", "DUPLICATE_OF"] as const;
export type LinkType = (typeof LINK_TYPES)[number];
export const LINK_TYPE_LABELS: Readonly<Record<LinkType, string>> = {
  SUPPORTS: "Supports",
  ATTACKS: "Attacks",
  SAME_CLAIM: "Same claim as",
  SEE_ALSO: "See also",
  DUPLICATE_OF: "Duplicate of",
};

export const RESOLUTION_MODES = ["ARGUMENTATIVE", "EMPIRICAL", "OUT_OF_SCOPE"] as const;
export type ResolutionMode = (typeof RESOLUTION_MODES)[number];

export const OUTCOMES = ["SUPPORTED", "REFUTED", "INCONCLUSIVE"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const PRUNE_ACTIONS = ["PRUNE", "REOPEN"] as const;
export type PruneAction = (typeof PRUNE_ACTIONS)[number];

export const PRUNE_CATEGORIES = ["UNPROMISING", "ANSWERED_ELSEWHERE", "DUPLICATE", "OUT_OF_SCOPE", "CONCEDED", "REFUTED"] as const;
export type PruneCategory = (typeof PRUNE_CATEGORIES)[number];
export const PRUNE_CATEGORY_LABELS: Readonly<Record<PruneCategory, string>> = {
  UNPROMISING: "Unpromising",
  ANSWERED_ELSEWHERE: "Answered elsewhere",
  DUPLICATE: "Duplicate of another node",
  OUT_OF_SCOPE: "Out of scope",
  CONCEDED: "Conceded",
  REFUTED: "Refuted",
};

export const EXPERIMENT_STATUSES = ["PROPOSED", "RUNNING", "RESOLVED", "INCONCLUSIVE", "ABANDONED"] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const RESOLUTION_ACTIONS = ["RESOLVE", "DISPUTE", "REOPEN"] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

/**
 * Days without a move before a debate counts as stuck: whole days, at most a year. The default is the
 * column default in prisma/schema.prisma (the vocabulary test reads the schema to keep them equal).
 */
export const STUCK_AFTER_DAYS = { min: 1, max: 365, default: 7 } as const;

/** Narrows an untrusted string to one of a vocabulary list. */
export function isOneOf<const T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (list as readonly string[]).includes(value);
}
