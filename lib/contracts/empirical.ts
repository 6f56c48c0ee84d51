import { z } from "zod";
import * as empirical from "@/lib/domain/empirical/validation";
import { dateTime, experimentStatusSchema, idSchema, outcomeSchema, resolutionActionKindSchema, resolutionModeSchema, sideSchema, storedLinksSchema, sentTextSchema as sentText } from "@/lib/contracts/common";
import { debateParams } from "@/lib/contracts/debates";
import { nodeParams } from "@/lib/contracts/nodes";
import { defineContract } from "@/lib/contracts/define";

const statsSchema = z.object({ count: z.number().int(), mean: z.number(), median: z.number(), min: z.number(), max: z.number() });
const distributionSchema = z.object({ BUILDER: statsSchema.nullable(), BREAKER: statsSchema.nullable(), OBSERVER: statsSchema.nullable() });
export const resolutionStateSchema = z.object({
  status: z.enum(["open", "resolved", "disputed"]), outcome: outcomeSchema.nullable(), resolvedAt: dateTime.nullable(), disputedAt: dateTime.nullable(),
});

export const agendaEntrySchema = z.object({
  debateId: idSchema, debateTitle: sentText, nodeId: idSchema, title: sentText, createdAt: dateTime,
  /** EMPIRICAL: an open or disputed empirical claim; CRUX: a claim that is not empirical, listed for its crux-ledger entries ("crux (not empirical)"). */
  kind: z.enum(["EMPIRICAL", "CRUX"]),
  status: z.enum(["open", "disputed"]),
  card: z
    .object({ nodeId: idSchema, question: sentText, method: sentText, supportIf: sentText, refuteIf: sentText, ownerId: idSchema.nullable(), status: experimentStatusSchema })
    .nullable(),
  spread: distributionSchema,
  predictionCount: z.number().int(),
  /** |mean(builders) − mean(breakers)|; null when a side has not predicted. */
  disagreement: z.number().nullable(),
  dependentNodes: z.number().int(),
  /** Sum over participants of the expected move on the claim's parent (crux ledger); 0 without conditionals. */
  expectedBeliefChange: z.number(),
  cruxEstimators: z.number().int(),
});
export type AgendaEntry = z.infer<typeof agendaEntrySchema>;

const agendaDownloads = [
  { type: "text/csv", description: "?format=csv: the agenda as a CSV download" },
  { type: "text/markdown", description: "?format=md: the agenda as a Markdown download" },
] as const;

export const debateAgenda = defineContract({
  operationId: "debateAgenda", method: "GET", path: "/debates/{debateId}/agenda", summary: "Research agenda: open empirical claims and non-empirical crux-ledger claims (json, csv or markdown)", tag: "empirical", auth: "optional",
  params: debateParams, query: empirical.agendaQuerySchema, status: 200, response: z.object({ rows: z.array(agendaEntrySchema) }), otherContent: agendaDownloads, errors: ["NOT_FOUND"],
});
export const myAgenda = defineContract({
  operationId: "myAgenda", method: "GET", path: "/me/agenda", summary: "Open empirical claims and non-empirical crux-ledger claims across your debates (json, csv or markdown)", tag: "empirical", auth: "required",
  query: empirical.agendaQuerySchema, status: 200, response: z.object({ rows: z.array(agendaEntrySchema) }), otherContent: agendaDownloads, errors: [],
});
export const debateScores = defineContract({
  operationId: "debateScores", method: "GET", path: "/debates/{debateId}/scores", summary: "Brier scores of resolved predictions", tag: "empirical", auth: "optional",
  params: debateParams, status: 200,
  response: z.object({
    claimsScored: z.number().int(),
    scores: z.array(z.object({ userId: idSchema, username: sentText, displayName: sentText, side: sideSchema.nullable(), brier: z.number(), claimsScored: z.number().int() })),
  }),
  errors: ["NOT_FOUND"],
});
export type Scores = z.infer<typeof debateScores.response>;

export const setResolutionMode = defineContract({
  operationId: "setResolutionMode", method: "PUT", path: "/debates/{debateId}/nodes/{nodeId}/mode", summary: "Set a claim's resolution mode", tag: "empirical", auth: "required",
  params: nodeParams, body: empirical.setModeSchema, status: 200,
  response: z.object({ node: z.object({ id: idSchema, resolutionMode: resolutionModeSchema, outcome: outcomeSchema.nullable(), changed: z.boolean() }) }), errors: ["NOT_FOUND", "CONFLICT"],
  example: { request: { mode: "EMPIRICAL" } },
});
const cruxAnswer = z.object({ crux: z.object({ marked: z.boolean(), changed: z.boolean() }) });
export const markCrux = defineContract({
  operationId: "markCrux", method: "PUT", path: "/debates/{debateId}/nodes/{nodeId}/crux", summary: "Mark a node as a crux", tag: "empirical", auth: "required",
  params: nodeParams, status: 200, response: cruxAnswer, errors: ["NOT_FOUND", "CONFLICT"],
});
export const unmarkCrux = defineContract({
  operationId: "unmarkCrux", method: "DELETE", path: "/debates/{debateId}/nodes/{nodeId}/crux", summary: "Unmark a crux", tag: "empirical", auth: "required",
  params: nodeParams, status: 200, response: cruxAnswer, errors: ["NOT_FOUND"],
});
export const upsertExperiment = defineContract({
  operationId: "upsertExperiment", method: "PUT", path: "/debates/{debateId}/nodes/{nodeId}/experiment", summary: "Create or edit the experiment card", tag: "empirical", auth: "required",
  params: nodeParams, body: empirical.experimentCardSchema, status: 200,
  response: z.object({
    experiment: z.object({
      nodeId: idSchema, question: sentText, method: sentText, supportIf: sentText, refuteIf: sentText, ownerId: idSchema.nullable(), status: experimentStatusSchema,
      links: storedLinksSchema, revision: z.number().int(), createdAt: dateTime, updatedAt: dateTime,
    }),
  }),
  errors: ["NOT_FOUND", "CONFLICT"],
});
export const predictionTimeline = defineContract({
  operationId: "predictionTimeline", method: "GET", path: "/debates/{debateId}/nodes/{nodeId}/predictions", summary: "Prediction timeline of a claim", tag: "empirical", auth: "optional",
  params: nodeParams, status: 200,
  response: z.object({
    predictions: z.array(
      z.object({ id: idSchema, nodeId: idSchema, userId: idSchema, username: sentText, displayName: sentText, side: sideSchema, probability: z.number(), createdAt: dateTime }),
    ),
    distribution: distributionSchema,
    state: resolutionStateSchema,
  }),
  errors: ["NOT_FOUND"],
});
export type Timeline = z.infer<typeof predictionTimeline.response>;

export const recordPrediction = defineContract({
  operationId: "recordPrediction", idempotent: true, method: "POST", path: "/debates/{debateId}/nodes/{nodeId}/predictions", summary: "Record a prediction (probability 0-1)", tag: "empirical", auth: "required",
  params: nodeParams, body: empirical.predictionSchema, status: 201,
  response: z.object({ prediction: z.object({ id: idSchema, nodeId: idSchema, userId: idSchema, side: sideSchema, probability: z.number(), createdAt: dateTime }) }),
  errors: ["NOT_FOUND", "CONFLICT"], example: { request: { probability: "70%" } },
});
export const applyResolution = defineContract({
  operationId: "applyResolution", idempotent: true, method: "POST", path: "/debates/{debateId}/nodes/{nodeId}/resolutions", summary: "Resolve, dispute or reopen a claim's resolution", tag: "empirical", auth: "required",
  params: nodeParams, body: empirical.resolutionActionSchema, status: 201,
  response: z.object({
    resolutionEvent: z.object({
      id: idSchema, action: resolutionActionKindSchema, outcome: outcomeSchema.nullable(), summary: sentText, evidence: storedLinksSchema, actorId: idSchema, createdAt: dateTime,
    }),
    state: resolutionStateSchema,
    /** Nodes that depend on the claim and should be looked at again. */
    reviewNodeIds: z.array(idSchema),
  }),
  errors: ["NOT_FOUND", "CONFLICT"],
  example: { request: { action: "RESOLVE", outcome: "SUPPORTED", summary: "The replication held.", evidence: [] } },
});
