import { z } from "zod";
import * as debate from "@/lib/domain/debate/validation";
import {
  dateTime, idSchema, memberRoleSchema, nodeKindSchema, outcomeSchema, playModeSchema, pruneCategorySchema, resolutionModeSchema,
  sideSchema, storedLinksSchema, userRefSchema, visibilitySchema, sentTextSchema as sentText, cursorSchema,
} from "@/lib/contracts/common";
import { defineContract } from "@/lib/contracts/define";
import { brokenRuleSchema, weighingSchema } from "@/lib/contracts/weighing";
import { nodeLinkSchema } from "@/lib/contracts/links";

export const debateParams = z.object({ debateId: idSchema });
export const memberParams = z.object({ debateId: idSchema, userId: idSchema });
const owner = z.object({ id: idSchema, username: sentText, displayName: sentText });
const counts = z.object({ memberships: z.number().int(), nodes: z.number().int() });
export const membershipSchema = z.object({ role: memberRoleSchema, side: sideSchema });

export const debateSummarySchema = z.object({
  id: idSchema, title: sentText, visibility: visibilitySchema, playMode: playModeSchema, createdAt: dateTime, lastMoveAt: dateTime,
  owner: owner.omit({ id: true }), _count: counts,
});
export type DebateSummary = z.infer<typeof debateSummarySchema>;

export const debateSchema = z.object({
  id: idSchema, title: sentText, context: sentText, links: storedLinksSchema, visibility: visibilitySchema, playMode: playModeSchema,
  rootNodeId: idSchema.nullable(), createdAt: dateTime, lastMoveAt: dateTime, stuckAfterDays: z.number().int(),
  /** When a version counts as broken (lib/domain/debate/standing.ts). */
  brokenRule: brokenRuleSchema, brokenThreshold: z.number().int(), owner,
  versions: z.array(z.object({ number: z.number().int(), nodeId: idSchema, authorId: idSchema, createdAt: dateTime })),
  _count: counts,
  /** Only for the owner and moderators of a private debate. */
  inviteCode: sentText.optional(),
  /** Your membership; null when you are not a member. */
  me: membershipSchema.nullable(),
});

export const listDebates = defineContract({
  operationId: "listDebates", method: "GET", path: "/debates", summary: "List debates (public, mine, joined) with search", tag: "debates", auth: "optional",
  query: debate.debateListQuerySchema, status: 200, response: z.object({ debates: z.array(debateSummarySchema) }), errors: [],
});
export const createDebate = defineContract({
  operationId: "createDebate", idempotent: true, method: "POST", path: "/debates", summary: "Create a debate with its proposal (v1)", tag: "debates", auth: "required",
  body: debate.createDebateSchema, status: 201, response: z.object({ debate: z.object({ id: idSchema, rootNodeId: idSchema }) }), errors: [],
  example: { request: { title: "Monitor every answer", proposal: "Route every answer through a trusted monitor." }, response: { debate: { id: "cm1debate00000000000001", rootNodeId: "cm1node000000000000001" } } },
});
export const getDebate = defineContract({
  operationId: "getDebate", method: "GET", path: "/debates/{debateId}", summary: "A debate with its versions and your membership", tag: "debates", auth: "optional",
  params: debateParams, status: 200, response: z.object({ debate: debateSchema }), errors: ["NOT_FOUND"],
});
export const updateDebate = defineContract({
  operationId: "updateDebate", method: "PATCH", path: "/debates/{debateId}", summary: "Change settings (owner; stuckAfterDays: owner or moderators)", tag: "debates", auth: "required",
  params: debateParams, body: debate.updateDebateSchema, status: 200,
  response: z.object({ debate: debateSchema.pick({ id: true, title: true, context: true, links: true, visibility: true, playMode: true, stuckAfterDays: true }) }),
  errors: ["NOT_FOUND"], example: { request: { stuckAfterDays: 14 } },
});
export const deleteDebate = defineContract({
  operationId: "deleteDebate", method: "DELETE", path: "/debates/{debateId}", summary: "Delete the debate and everything in it (owner); members are notified", tag: "debates", auth: "required",
  params: debateParams, status: 200, response: z.object({ notified: z.number().int() }), errors: ["NOT_FOUND"],
});
export const transferOwnership = defineContract({
  operationId: "transferOwnership", method: "POST", path: "/debates/{debateId}/transfer", summary: "Hand the debate to another current member (owner); the old owner stays as a moderator",
  tag: "members", auth: "required", params: debateParams, body: debate.transferOwnershipSchema, status: 200, response: z.object({ ownerId: idSchema }), errors: ["NOT_FOUND", "CONFLICT"],
});
export const leaveDebate = defineContract({
  operationId: "leaveDebate", method: "POST", path: "/debates/{debateId}/leave", summary: "Leave the debate (any member but the owner); your moves stay", tag: "members", auth: "required",
  params: debateParams, status: 204, errors: ["NOT_FOUND", "CONFLICT"],
});
export const joinDebate = defineContract({
  operationId: "joinDebate", method: "POST", path: "/debates/{debateId}/join", summary: "Join with a side (private debates need the invite code)", tag: "members", auth: "required",
  params: debateParams, body: debate.joinDebateSchema, status: 201, response: z.object({ membership: membershipSchema }), errors: ["NOT_FOUND", "CONFLICT"],
  example: { request: { side: "BREAKER" }, response: { membership: { role: "MEMBER", side: "BREAKER" } } },
});
export const switchSide = defineContract({
  operationId: "switchSide", method: "PUT", path: "/debates/{debateId}/side", summary: "Switch side (recorded)", tag: "members", auth: "required",
  params: debateParams, body: debate.switchSideSchema, status: 200, response: z.object({ membership: membershipSchema }), errors: ["NOT_FOUND"],
});
export const listMembers = defineContract({
  operationId: "listMembers", method: "GET", path: "/debates/{debateId}/members", summary: "Members and the history of side switches", tag: "members", auth: "optional",
  params: debateParams, status: 200,
  response: z.object({
    members: z.array(z.object({ user: userRefSchema, side: sideSchema, role: memberRoleSchema, joinedAt: dateTime })),
    roleChanges: z.array(z.object({ userId: idSchema, fromSide: sideSchema.nullable(), toSide: sideSchema, createdAt: dateTime })),
  }),
  errors: ["NOT_FOUND"],
});
export const inviteMember = defineContract({
  operationId: "inviteMember", idempotent: true, method: "POST", path: "/debates/{debateId}/members", summary: "Invite by username (owner, moderators)", tag: "members", auth: "required",
  params: debateParams, body: debate.inviteMemberSchema, status: 201, response: z.object({ membership: membershipSchema.extend({ userId: idSchema }) }), errors: ["NOT_FOUND", "CONFLICT"],
});
export const setMemberRole = defineContract({
  operationId: "setMemberRole", method: "PATCH", path: "/debates/{debateId}/members/{userId}", summary: "Appoint or demote a moderator (owner)", tag: "members", auth: "required",
  params: memberParams, body: debate.setMemberRoleSchema, status: 204, errors: ["NOT_FOUND", "CONFLICT"],
});
export const removeMember = defineContract({
  operationId: "removeMember", method: "DELETE", path: "/debates/{debateId}/members/{userId}", summary: "Remove a member (owner)", tag: "members", auth: "required",
  params: memberParams, status: 204, errors: ["NOT_FOUND", "CONFLICT"],
});
export const rotateInviteCode = defineContract({
  operationId: "rotateInviteCode", method: "POST", path: "/debates/{debateId}/invite-code", summary: "Rotate the invite link", tag: "members", auth: "required",
  params: debateParams, body: z.object({}), status: 200, response: z.object({ inviteCode: sentText }), errors: ["NOT_FOUND"],
});

// ---- Versions

export const versionSchema = z.object({ number: z.number().int(), nodeId: idSchema, authorId: idSchema, body: sentText, createdAt: dateTime });
export const versionDiffSchema = versionSchema.extend({
  previousNumber: z.number().int().nullable(),
  /** The texts were too different to compare within the time bound: the diff is the old text removed, the new one added. */
  rewritten: z.boolean(),
  diff: z.array(z.object({ text: sentText, change: z.enum(["added", "removed", "same"]) })),
});
export type VersionView = z.infer<typeof versionDiffSchema>;

export const listVersions = defineContract({
  operationId: "listVersions", method: "GET", path: "/debates/{debateId}/versions", summary: "Proposal versions", tag: "tree", auth: "optional",
  params: debateParams, status: 200, response: z.object({ versions: z.array(versionSchema) }), errors: ["NOT_FOUND"],
});
export const getVersion = defineContract({
  operationId: "getVersion", method: "GET", path: "/debates/{debateId}/versions/{number}", summary: "One proposal version with a word diff to the previous one (`rewritten: true` instead when the texts are too different to compare within 200 ms: the old text removed, the new one added)", tag: "tree", auth: "optional",
  params: debateParams.extend({ number: z.coerce.number().int().min(1).max(1_000_000) }), status: 200, response: z.object({ version: versionDiffSchema }), errors: ["NOT_FOUND"],
});

// ---- The tree and the overview

/** One node of GET /tree: every column, full body. */
export const treeNodeSchema = z.object({
  id: idSchema, parentId: idSchema.nullable(), depth: z.number().int(), kind: nodeKindSchema, side: sideSchema, authorId: idSchema, authorName: sentText,
  title: sentText, body: sentText, quoteText: sentText.nullable(), quoteStart: z.number().int().nullable(), quoteEnd: z.number().int().nullable(),
  targetVersions: z.array(z.number().int()), answersNodeIds: z.array(idSchema),
  retractedAt: dateTime.nullable(), prunedAt: dateTime.nullable(), acceptedAt: dateTime.nullable(),
  resolutionMode: resolutionModeSchema, outcome: outcomeSchema.nullable(), revision: z.number().int(), versionNumber: z.number().int().nullable(),
  createdAt: dateTime, updatedAt: dateTime,
});

/** A node of a /tree page: also how many children and descendants it has, so a reader knows what is left to open. */
export const treePageNodeSchema = treeNodeSchema.extend({ childCount: z.number().int(), descendantCount: z.number().int() });
export type TreePageNode = z.infer<typeof treePageNodeSchema>;

export const treeQuerySchema = z
  .object({
    /** A subtree (the node and all its descendants, creation order); not with the paging parameters. */
    root: idSchema.optional(),
    /** The nextCursor of the previous page (same `under`/`depth`). */
    cursor: cursorSchema.optional(),
    /** Nodes per page (default 200). */
    limit: z.coerce.number().int().min(1).max(1_000).optional(),
    /** Only the descendants of this node (not the node itself). */
    under: idSchema.optional(),
    /** With `under`: how many levels below it (1 = its children). */
    depth: z.coerce.number().int().min(1).max(10_000).optional(),
    /** One node and its ancestors, root first, with their counts: a deep link into a large debate. Alone. */
    path: idSchema.optional(),
  })
  .refine((q) => q.root === undefined || (q.cursor === undefined && q.limit === undefined && q.under === undefined), { message: "root reads a whole subtree: page it with under instead", path: ["root"] })
  .refine((q) => q.path === undefined || (q.root === undefined && q.cursor === undefined && q.limit === undefined && q.under === undefined), { message: "path reads one node and its ancestors: use it alone", path: ["path"] })
  .refine((q) => q.depth === undefined || q.under !== undefined, { message: "depth needs under", path: ["depth"] });

export const getTree = defineContract({
  operationId: "getTree", method: "GET", path: "/debates/{debateId}/tree",
  summary: "The tree. Without parameters: every node (flat, creation order, parents before children), streamed, and the typed cross-links. ?root=: one subtree (and the links inside it). "
    + "Paged (?limit=, ?cursor=, ?under=&depth=): nodes in depth-first reading order with childCount/descendantCount, nextCursor and total. "
    + "?path=: one node and its ancestors, root first, with their counts (open a node of a large debate that is not loaded yet). "
    + "ETag / If-None-Match: 304 while the debate is unchanged. gzip when accepted.",
  tag: "tree", auth: "optional",
  params: debateParams, query: treeQuerySchema, status: 200,
  response: z.object({
    nodes: z.array(treeNodeSchema.extend({ childCount: z.number().int().optional(), descendantCount: z.number().int().optional() })),
    /** Paged reads: the cursor of the next page; null on the last. */
    nextCursor: sentText.nullable().optional(),
    /** Paged reads: the nodes in scope (the debate, or the descendants of `under`). */
    total: z.number().int().optional(),
    /** Full and ?root= reads: the typed cross-links between the nodes read. */
    links: z.array(nodeLinkSchema).optional(),
  }),
  errors: ["NOT_FOUND", "BAD_REQUEST"],
});

/** One node as the debate page lists it: an excerpt instead of the body. */
export const treeItemSchema = treeNodeSchema
  .pick({
    id: true, parentId: true, kind: true, side: true, authorId: true, authorName: true, title: true, createdAt: true, updatedAt: true, prunedAt: true,
    retractedAt: true, acceptedAt: true, resolutionMode: true, outcome: true, versionNumber: true, targetVersions: true, answersNodeIds: true,
  })
  .extend({ excerpt: sentText, hasQuote: z.boolean() });
export type TreeItem = z.infer<typeof treeItemSchema>;

const versionStandingSchema = z.object({ number: z.number().int(), nodeId: idSchema, status: z.enum(["stands", "broken"]), brokenBy: z.array(idSchema) });
/**
 * Each version's standing and each counterexample's disposition. The versions × counterexamples
 * coverage table is not sent: each cell is coverageCell(counterexample, version.number) in
 * lib/domain/debate/scoreboard.ts (a 100,000-node debate's table would be 9 MB).
 */
export const scoreboardSchema = z.object({
  versions: z.array(versionStandingSchema),
  counterexamples: z.array(
    z.object({
      id: idSchema,
      disposition: z.enum(["live", "retracted", "defeated", "rebutted", "set-aside"]),
      targetVersions: z.array(z.number().int()),
      acceptedRebuttalId: idSchema.nullable(),
      answeredBy: z.array(z.object({ patchId: idSchema, version: z.number().int() })),
      /** Standing supports (SUPPORT replies, SUPPORTS links): weight, never a change of disposition. */
      supports: z.number().int(),
    }),
  ),
  current: versionStandingSchema.nullable(),
});

export const revisitItemSchema = z.object({
  nodeId: idSchema, title: sentText, category: pruneCategorySchema.nullable(), reason: sentText, duplicateOf: idSchema.nullable(),
  prunedAt: dateTime, prunedAgeMs: z.number(), prunedById: idSchema.nullable(), branchSize: z.number().int(), depth: z.number().int(),
  lastActivityAt: dateTime, promise: z.number().nullable(), estimateCount: z.number().int(), nested: z.boolean(),
});

/**
 * A large debate's nodes come in pages: `nodes` holds the first rows in reading order (GET /tree's
 * paged order), the rest loads through GET /tree?cursor= (from `nextCursor`) or ?under=.
 */
export const outlineSchema = z.object({
  /** Nodes in the debate. */
  total: z.number().int(),
  /** Whether `nodes` holds every node. */
  complete: z.boolean(),
  /** GET /tree?cursor= of the rows after the first ones; null when complete. */
  nextCursor: sentText.nullable(),
  /** Per node of `nodes`: [children, descendants] in the whole debate. */
  counts: z.record(sentText, z.tuple([z.number().int(), z.number().int()])),
});
export type Outline = z.infer<typeof outlineSchema>;

export const debateViewSchema = z.object({
  debate: z.object({
    id: idSchema, title: sentText, context: sentText, links: storedLinksSchema, visibility: visibilitySchema, playMode: playModeSchema,
    /** Days without a move before the debate counts as stuck. */
    stuckAfterDays: z.number().int(),
    rootNodeId: idSchema.nullable(), owner,
    versions: z.array(z.object({ number: z.number().int(), nodeId: idSchema, createdAt: dateTime })),
    inviteCode: sentText.optional(),
    nodeCount: z.number().int(), memberCount: z.number().int(),
  }),
  me: membershipSchema.nullable(),
  viewerId: idSchema.nullable(),
  nodes: z.array(treeItemSchema),
  scoreboard: scoreboardSchema,
  frontier: z.object({
    builder: z.array(idSchema),
    /** Rebuttals awaiting acceptance, by the counterexample they answer. */
    awaitingAcceptance: z.record(sentText, z.array(idSchema)),
    breaker: z.array(z.object({ nodeId: idSchema, version: z.number().int().nullable() })),
    openQuestions: z.array(idSchema),
  }),
  revisit: z.array(revisitItemSchema),
  stuck: z.object({
    stuck: z.boolean(), reason: z.enum(["idle", "no-moves-left"]).nullable(), stuckAfterDays: z.number().int(), idleDays: z.number(),
    suggestions: z.array(z.object({ nodeId: idSchema, title: sentText, promise: z.number().nullable(), branchSize: z.number().int() })),
  }),
  cruxes: z.array(z.object({ nodeId: idSchema, builder: z.number().int(), breaker: z.number().int(), observer: z.number().int() })),
  needsReview: z.array(idSchema),
  /** Counterexample classes, weights and the standing under the debate's broken rule. */
  weighing: weighingSchema,
  /** Typed cross-links between the debate's nodes (`{ fromId, toId, type }` and more: the map view draws them). */
  links: z.array(nodeLinkSchema),
  outline: outlineSchema.optional(),
  /**
   * Set when the overview was asked with ?analysis=later for a large debate: scoreboard, frontier,
   * revisit, stuck, cruxes, needsReview, weighing and links are then empty placeholders (their
   * computation has started); ask again without the parameter for them.
   */
  analysisPending: z.literal(true).optional(),
});
/** What the debate page loads. */
export type DebateViewProps = z.infer<typeof debateViewSchema>;

export const getOverview = defineContract({
  operationId: "getOverview", method: "GET", path: "/debates/{debateId}/overview", summary: "Tree, scoreboard, frontier, revisit list and stuck signal in one response", tag: "debates", auth: "optional",
  params: debateParams, query: z.object({
    /** "later": a large debate answers with its rows alone, at once, and analysisPending. Default: with the analyses (computed first if need be). */
    analysis: z.enum(["wait", "later"]).optional(),
  }), status: 200, response: debateViewSchema, errors: ["NOT_FOUND"],
});

export const searchResultSchema = z.object({ id: idSchema, kind: nodeKindSchema, side: sideSchema, title: sentText, snippet: sentText, prunedAt: dateTime.nullable() });
export type SearchResult = z.infer<typeof searchResultSchema>;
export const searchNodes = defineContract({
  operationId: "searchNodes", method: "GET", path: "/debates/{debateId}/search", summary: "Full-text search inside a debate", tag: "tree", auth: "optional",
  params: debateParams, query: debate.searchQuerySchema, status: 200, response: z.object({ results: z.array(searchResultSchema) }), errors: ["NOT_FOUND"],
});

// ---- Pruned branches

export const prunedBranchSchema = z.object({
  debateId: idSchema, debateTitle: sentText, nodeId: idSchema, title: sentText, body: sentText, kind: nodeKindSchema,
  prunedAt: dateTime, prunedById: idSchema.nullable(), category: pruneCategorySchema.nullable(), reason: sentText.nullable(), duplicateOf: idSchema.nullable(),
  branchSize: z.number().int(), depth: z.number().int(), lastActivityAt: dateTime, promise: z.number().nullable(), estimateCount: z.number().int(), ageDays: z.number(),
});
export const debateRevisit = defineContract({
  operationId: "debateRevisit", method: "GET", path: "/debates/{debateId}/revisit", summary: "Pruned branches with reason, age, size, depth, activity, promise", tag: "pruning", auth: "optional",
  params: debateParams, query: debate.revisitQuerySchema, status: 200, response: z.object({ branches: z.array(prunedBranchSchema) }), errors: ["NOT_FOUND"],
});
export const myRevisit = defineContract({
  operationId: "myRevisit", method: "GET", path: "/me/revisit", summary: "Pruned branches across your debates", tag: "pruning", auth: "required",
  status: 200, response: z.object({ branches: z.array(prunedBranchSchema) }), errors: [],
});

/** An invite link's landing page: which debate and whose (GET /debates/{id}?invite= renders it server-side). */
export const invitationSchema = z.object({
  id: idSchema, title: sentText, visibility: visibilitySchema, owner: owner.omit({ id: true }), signedIn: z.boolean(),
});
export type Invitation = z.infer<typeof invitationSchema>;
