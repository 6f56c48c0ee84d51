import { z } from "zod";
import * as cruxes from "@/lib/domain/cruxes/validation";
import { dateTime, experimentStatusSchema, idSchema, nodeKindSchema, pruneCategorySchema, sentTextSchema as sentText, sideSchema } from "@/lib/contracts/common";
import { debateParams } from "@/lib/contracts/debates";
import { nodeParams } from "@/lib/contracts/nodes";
import { defineContract } from "@/lib/contracts/define";
import { severitySchema, standingRuleSchema } from "@/lib/contracts/weighing";

// The crux ledger (conditional credences, follow-ups, double cruxes), debate summaries
// and the state-of-the-debate read.

const estimateSchema = z.object({
  id: idSchema, nodeId: idSchema, userId: idSchema, side: sideSchema, credence: z.number(), ifTrue: z.number(), ifFalse: z.number(), createdAt: dateTime,
});
const followUpSchema = z.object({
  id: idSchema, nodeId: idSchema, userId: idSchema, claimTrue: z.boolean(), credence: z.number(), confirmed: z.boolean(), createdAt: dateTime,
});

export const cruxPersonSchema = z.object({
  userId: idSchema, username: sentText, displayName: sentText, side: sideSchema,
  credence: z.number(), ifTrue: z.number(), ifFalse: z.number(),
  /** |ifTrue − ifFalse|: how much the claim matters to them. */
  stake: z.number(),
  expectedMove: z.number(),
  updates: z.number().int(),
  precommittedUpdate: z.number().nullable(),
  actualUpdate: z.number().nullable(),
  actualCredence: z.number().nullable(),
  confirmed: z.boolean().nullable(),
});

export const claimLedgerSchema = z.object({
  nodeId: idSchema,
  people: z.array(cruxPersonSchema),
  doubleCrux: z.boolean(),
  pairs: z.array(z.object({ builderId: idSchema, breakerId: idSchema, builderMove: z.number(), breakerMove: z.number() })),
  expectedBeliefChange: z.number(),
  verdict: z.object({ claimTrue: z.boolean(), via: z.enum(["empirical", "conceded"]), at: dateTime }).nullable(),
  outcome: z.enum(["unresolved", "awaiting", "moved", "moved-nobody"]),
});
export type ClaimLedgerView = z.infer<typeof claimLedgerSchema>;

export const recordCruxEstimate = defineContract({
  operationId: "recordCruxEstimate", idempotent: true, method: "POST", path: "/debates/{debateId}/nodes/{nodeId}/crux-estimates",
  summary: "Record your credence in the claim's parent now, if the claim is true and if it is false", tag: "empirical", auth: "required",
  params: nodeParams, body: cruxes.cruxEstimateSchema, status: 201, response: z.object({ estimate: estimateSchema }),
  errors: ["NOT_FOUND", "CONFLICT"], example: { request: { credence: 0.7, ifTrue: 0.9, ifFalse: 0.3 } },
});

export const claimCruxLedger = defineContract({
  operationId: "claimCruxLedger", method: "GET", path: "/debates/{debateId}/nodes/{nodeId}/crux-estimates",
  summary: "A claim's crux ledger: latest conditionals per person, every update, follow-ups", tag: "empirical", auth: "optional",
  params: nodeParams, status: 200,
  response: z.object({
    ledger: claimLedgerSchema,
    history: z.array(estimateSchema.extend({ displayName: sentText })),
    followUps: z.array(followUpSchema.extend({ displayName: sentText })),
    /** The viewer pre-committed on a settled claim and has not confirmed or revised yet. */
    followUpDue: z.boolean(),
  }),
  errors: ["NOT_FOUND"],
});
export type ClaimCruxLedger = z.infer<typeof claimCruxLedger.response>;

export const recordCruxFollowUp = defineContract({
  operationId: "recordCruxFollowUp", idempotent: true, method: "POST", path: "/debates/{debateId}/nodes/{nodeId}/crux-follow-ups",
  summary: "After a claim is settled: confirm the update you pre-committed to, or revise it", tag: "empirical", auth: "required",
  params: nodeParams, body: cruxes.cruxFollowUpSchema, status: 201, response: z.object({ followUp: followUpSchema }),
  errors: ["NOT_FOUND", "CONFLICT"], example: { request: { action: "REVISE", credence: 0.4 } },
});

export const debateCruxLedger = defineContract({
  operationId: "debateCruxLedger", method: "GET", path: "/debates/{debateId}/crux-ledger",
  summary: "Every claim with conditionals: double cruxes first, then by expected belief change", tag: "empirical", auth: "optional",
  params: debateParams, status: 200, response: z.object({ claims: z.array(claimLedgerSchema) }), errors: ["NOT_FOUND"],
});

// ---------- summaries ----------

export const summarySchema = z.object({
  id: idSchema, debateId: idSchema, versionNumber: z.number().int().nullable(), authorId: idSchema, authorName: sentText, body: sentText,
  revision: z.number().int(), createdAt: dateTime, updatedAt: dateTime,
  /** Endorsed by at least one Builder and one Breaker (on this revision: an edit clears endorsements). */
  endorsed: z.boolean(),
  endorsements: z.array(z.object({ userId: idSchema, displayName: sentText, side: sideSchema, createdAt: dateTime })),
});
export type SummaryView = z.infer<typeof summarySchema>;
const summaryParams = z.object({ debateId: idSchema, summaryId: idSchema });

export const listSummaries = defineContract({
  operationId: "listSummaries", method: "GET", path: "/debates/{debateId}/summaries", summary: "Summaries of the debate and which one is pinned", tag: "debates", auth: "optional",
  params: debateParams, status: 200, response: z.object({ summaries: z.array(summarySchema), pinnedId: idSchema.nullable() }), errors: ["NOT_FOUND"],
});
export const createSummary = defineContract({
  operationId: "createSummary", idempotent: true, method: "POST", path: "/debates/{debateId}/summaries", summary: "Write a summary of the debate (or of one proposal version)", tag: "debates", auth: "required",
  params: debateParams, body: cruxes.createSummarySchema, status: 201, response: z.object({ summary: summarySchema }), errors: ["NOT_FOUND"],
  example: { request: { body: "The cache stands against every counterexample except cold starts.", versionNumber: 2 } },
});
export const editSummary = defineContract({
  operationId: "editSummary", method: "PUT", path: "/debates/{debateId}/summaries/{summaryId}", summary: "Edit your summary (clears its endorsements)", tag: "debates", auth: "required",
  params: summaryParams, body: cruxes.editSummarySchema, status: 200, response: z.object({ summary: summarySchema }), errors: ["NOT_FOUND", "CONFLICT"],
});
export const endorseSummary = defineContract({
  operationId: "endorseSummary", method: "PUT", path: "/debates/{debateId}/summaries/{summaryId}/endorsement", summary: "Endorse a summary (builders and breakers)", tag: "debates", auth: "required",
  params: summaryParams, status: 200, response: z.object({ summary: summarySchema }), errors: ["NOT_FOUND"],
});
export const withdrawEndorsement = defineContract({
  operationId: "withdrawEndorsement", method: "DELETE", path: "/debates/{debateId}/summaries/{summaryId}/endorsement", summary: "Withdraw your endorsement of a summary", tag: "debates", auth: "required",
  params: summaryParams, status: 200, response: z.object({ summary: summarySchema }), errors: ["NOT_FOUND"],
});

// ---------- state of the debate ----------

const stateNode = z.object({ nodeId: idSchema, kind: nodeKindSchema, side: sideSchema, title: sentText, excerpt: sentText, authorName: sentText, createdAt: dateTime });
/** Medians of the latest plausibility estimates (0–100), overall and by side, and the severity majority (null: nobody estimated). */
const stateWeight = z.object({ estimates: z.number().int(), median: z.number().nullable(), builders: z.number().nullable(), breakers: z.number().nullable(), severity: severitySchema.nullable() });
const titledLedger = claimLedgerSchema.extend({ title: sentText });

export const debateStateSchema = z.object({
  debate: z.object({ id: idSchema, title: sentText, context: sentText }),
  versions: z.array(z.number().int()),
  plan: z
    .object({
      nodeId: idSchema, number: z.number().int().nullable(), latest: z.boolean(), body: sentText, authorName: sentText, createdAt: dateTime,
      /** Under the debate's broken rule. */
      status: z.enum(["stands", "broken"]),
      /** "broken by 2 classes, median plausibility 15 %, builders 5 % / breakers 40 %" */
      standingText: sentText,
    })
    .nullable(),
  rule: standingRuleSchema,
  /** Classes with at least one live counterexample applying to the version; those that break it first. */
  liveClasses: z.array(z.object({ classId: idSchema, name: sentText, members: z.array(idSchema), breaking: z.number().int(), weight: stateWeight })),
  /** Live counterexamples applying to the version: breaking (under the rule) or held off; classId null when unclassified. */
  liveCounterexamples: z.array(stateNode.extend({ classId: idSchema.nullable(), breaks: z.boolean(), weight: stateWeight.nullable() })),
  doubleCruxes: z.array(titledLedger),
  settledCruxes: z.array(titledLedger),
  experiments: z.array(z.object({ nodeId: idSchema, title: sentText, status: z.union([experimentStatusSchema, z.literal("WANTED")]), question: sentText.nullable() })),
  promisingPruned: z.array(z.object({ nodeId: idSchema, title: sentText, category: pruneCategorySchema.nullable(), reason: sentText, promise: z.number().nullable(), branchSize: z.number().int() })),
  concessions: z.array(z.object({ nodeId: idSchema, title: sentText, how: z.enum(["conceded", "rebuttal-accepted"]), reason: sentText, at: dateTime })),
  pinnedSummary: summarySchema.nullable(),
  summaryCount: z.number().int(),
});
export type DebateStateView = z.infer<typeof debateStateSchema>;

export const debateState = defineContract({
  operationId: "debateState", method: "GET", path: "/debates/{debateId}/state", summary: "State of the debate: plan, live counterexamples, cruxes, experiments, pruned branches, concessions, pinned summary", tag: "debates", auth: "optional",
  params: debateParams, query: cruxes.stateQuerySchema, status: 200, response: z.object({ state: debateStateSchema }), errors: ["NOT_FOUND", "BAD_REQUEST"],
});
