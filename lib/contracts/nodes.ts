import { z } from "zod";
import * as debate from "@/lib/domain/debate/validation";
import {
  dateTime, experimentStatusSchema, idSchema, nodeKindSchema, outcomeSchema, pruneActionSchema, pruneCategorySchema, resolutionActionKindSchema,
  resolutionModeSchema, sideSchema, storedLinksSchema, userRefSchema, sentTextSchema as sentText,
} from "@/lib/contracts/common";
import { debateParams } from "@/lib/contracts/debates";
import { defineContract } from "@/lib/contracts/define";

export const nodeParams = z.object({ debateId: idSchema, nodeId: idSchema });

const nodeCore = z.object({
  id: idSchema, debateId: idSchema, parentId: idSchema.nullable(), kind: nodeKindSchema, side: sideSchema, depth: z.number().int(), authorId: idSchema,
  title: sentText, body: sentText, revision: z.number().int(), createdAt: dateTime,
});

export const createdNodeSchema = nodeCore.extend({ version: z.object({ number: z.number().int() }).nullable() });

export const nodeDetailSchema = nodeCore.extend({
  updatedAt: dateTime,
  quoteText: sentText.nullable(), quoteStart: z.number().int().nullable(), quoteEnd: z.number().int().nullable(),
  targetVersions: z.array(z.number().int()), answersNodeIds: z.array(idSchema),
  retractedAt: dateTime.nullable(), prunedAt: dateTime.nullable(), acceptedAt: dateTime.nullable(),
  resolutionMode: resolutionModeSchema, outcome: outcomeSchema.nullable(),
  author: userRefSchema,
  version: z.object({ number: z.number().int(), body: sentText }).nullable(),
  revisions: z.array(z.object({ revision: z.number().int(), editorId: idSchema, title: sentText, body: sentText, createdAt: dateTime })),
  pruneEvents: z.array(
    z.object({
      id: idSchema, action: pruneActionSchema, category: pruneCategorySchema.nullable(), reason: sentText, promise: z.number().nullable(),
      duplicateOf: idSchema.nullable(), actorId: idSchema, createdAt: dateTime,
    }),
  ),
  estimates: z.array(z.object({ userId: idSchema, promise: z.number(), updatedAt: dateTime })),
  experiment: z
    .object({
      question: sentText, method: sentText, supportIf: sentText, refuteIf: sentText, ownerId: idSchema.nullable(), status: experimentStatusSchema,
      links: storedLinksSchema, revision: z.number().int(), createdAt: dateTime, updatedAt: dateTime,
    })
    .nullable(),
  predictions: z.array(z.object({ userId: idSchema, side: sideSchema, probability: z.number(), createdAt: dateTime })),
  resolutions: z.array(
    z.object({ action: resolutionActionKindSchema, outcome: outcomeSchema.nullable(), summary: sentText, evidence: storedLinksSchema, actorId: idSchema, createdAt: dateTime }),
  ),
  cruxes: z.array(z.object({ userId: idSchema, side: sideSchema, createdAt: dateTime })),
});
/** A node with everything the node panel shows. */
export type NodeDetail = z.infer<typeof nodeDetailSchema>;

export const createNode = defineContract({
  operationId: "createNode", idempotent: true, method: "POST", path: "/debates/{debateId}/nodes", summary: "Post a move (counterexample, patch, rebuttal, question, comment)", tag: "tree", auth: "required",
  params: debateParams, body: debate.createNodeSchema, status: 201, response: z.object({ node: createdNodeSchema }), errors: ["NOT_FOUND", "CONFLICT"],
  example: { request: { parentId: "cm1node000000000000001", kind: "COUNTEREXAMPLE", body: "The monitor can be fooled by steganography." } },
});
export const getNode = defineContract({
  operationId: "getNode", method: "GET", path: "/debates/{debateId}/nodes/{nodeId}", summary: "A node with revisions, prune timeline, experiment, predictions, resolutions", tag: "tree", auth: "optional",
  params: nodeParams, status: 200, response: z.object({ node: nodeDetailSchema }), errors: ["NOT_FOUND"],
});
export const editNode = defineContract({
  operationId: "editNode", method: "PATCH", path: "/debates/{debateId}/nodes/{nodeId}", summary: "Edit your node (send the revision you edited; 409 if stale)", tag: "tree", auth: "required",
  params: nodeParams, body: debate.editNodeSchema, status: 200, response: z.object({ node: nodeCore }), errors: ["NOT_FOUND", "CONFLICT"],
});
export const retractNode = defineContract({
  operationId: "retractNode", method: "POST", path: "/debates/{debateId}/nodes/{nodeId}/retract", summary: "Retract (the node stays, marked retracted)", tag: "tree", auth: "required",
  params: nodeParams, body: z.object({}), status: 204, errors: ["NOT_FOUND", "CONFLICT"],
});
export const acceptRebuttal = defineContract({
  operationId: "acceptRebuttal", method: "POST", path: "/debates/{debateId}/nodes/{nodeId}/accept",
  summary: "Accept a rebuttal (409 when it is retracted, already accepted, or refuted by its empirical resolution)", tag: "tree", auth: "required",
  params: nodeParams, body: z.object({}), status: 204, errors: ["NOT_FOUND", "CONFLICT"],
});

const pruneEventRef = z.object({ pruneEvent: z.object({ id: idSchema, createdAt: dateTime }) });
export const pruneBranch = defineContract({
  operationId: "pruneBranch", method: "POST", path: "/debates/{debateId}/nodes/{nodeId}/prune", summary: "Prune a branch with a reason", tag: "pruning", auth: "required",
  params: nodeParams, body: debate.pruneSchema, status: 201, response: pruneEventRef, errors: ["NOT_FOUND", "CONFLICT"],
  example: { request: { category: "UNPROMISING", reason: "Nobody believes this any more.", promise: 10 } },
});
export const reopenBranch = defineContract({
  operationId: "reopenBranch", method: "POST", path: "/debates/{debateId}/nodes/{nodeId}/reopen", summary: "Reopen a pruned branch with a reason", tag: "pruning", auth: "required",
  params: nodeParams, body: debate.reopenSchema, status: 201, response: pruneEventRef, errors: ["NOT_FOUND", "CONFLICT"],
});
export const estimateBranch = defineContract({
  operationId: "estimateBranch", method: "PUT", path: "/debates/{debateId}/nodes/{nodeId}/estimate", summary: "Your estimate (0-100) of how promising a branch is", tag: "pruning", auth: "required",
  params: nodeParams, body: debate.estimateSchema, status: 200, response: z.object({ estimate: z.object({ nodeId: idSchema, promise: z.number(), updatedAt: dateTime }) }), errors: ["NOT_FOUND", "CONFLICT"],
});
