import { z } from "zod";
import * as classes from "@/lib/domain/debate/classes";
import { idSchema, sentTextSchema as sentText } from "@/lib/contracts/common";
import { debateParams } from "@/lib/contracts/debates";
import { nodeParams } from "@/lib/contracts/nodes";
import { defineContract } from "@/lib/contracts/define";
import { counterexampleClassSchema, counterexampleWeightSchema, plausibilityEstimateSchema, standingRuleSchema } from "@/lib/contracts/weighing";

// Counterexample classes and weights (issue #14): classes, classification, similar counterexamples,
// plausibility estimates and the debate's broken rule.

export const classParams = z.object({ debateId: idSchema, classId: idSchema });

export const listClasses = defineContract({
  operationId: "listClasses", method: "GET", path: "/debates/{debateId}/classes", summary: "Counterexample classes with their members and the patches answering them", tag: "tree", auth: "optional",
  params: debateParams, status: 200, response: z.object({ classes: z.array(counterexampleClassSchema) }), errors: ["NOT_FOUND"],
});
export const createClass = defineContract({
  operationId: "createClass", idempotent: true, method: "POST", path: "/debates/{debateId}/classes", summary: "Create a counterexample class (builders, breakers, moderators, owner)", tag: "tree", auth: "required",
  params: debateParams, body: classes.createClassSchema, status: 201, response: z.object({ class: counterexampleClassSchema }), errors: ["NOT_FOUND", "CONFLICT"],
  example: { request: { name: "The reporter learns a human simulator", description: "It predicts what a human would say instead of what it knows." } },
});
export const updateClass = defineContract({
  operationId: "updateClass", method: "PATCH", path: "/debates/{debateId}/classes/{classId}", summary: "Rename or describe a class (its creator, moderators, owner)", tag: "tree", auth: "required",
  params: classParams, body: classes.updateClassSchema, status: 200, response: z.object({ class: counterexampleClassSchema }), errors: ["NOT_FOUND", "CONFLICT"],
});
export const deleteClass = defineContract({
  operationId: "deleteClass", method: "DELETE", path: "/debates/{debateId}/classes/{classId}",
  summary: "Delete a class: its counterexamples leave it and patches no longer answer it (its creator while no patch answers it, moderators, owner)", tag: "tree", auth: "required",
  params: classParams, status: 204, errors: ["NOT_FOUND"],
});
export const classifyCounterexample = defineContract({
  operationId: "classifyCounterexample", method: "PUT", path: "/debates/{debateId}/nodes/{nodeId}/class",
  summary: "Put a counterexample into a class, move it, or take it out (classId null); at most one class per counterexample", tag: "tree", auth: "required",
  params: nodeParams, body: classes.classifySchema, status: 200,
  response: z.object({ classification: z.object({ nodeId: idSchema, classId: idSchema.nullable(), changed: z.boolean() }) }), errors: ["NOT_FOUND"],
  example: { request: { classId: "cm1class00000000000001" } },
});
export const similarCounterexamples = defineContract({
  operationId: "similarCounterexamples", method: "GET", path: "/debates/{debateId}/counterexamples/similar", summary: "Counterexamples sharing words with a draft (full-text), best first", tag: "tree", auth: "optional",
  params: debateParams, query: classes.similarQuerySchema, status: 200,
  response: z.object({
    counterexamples: z.array(z.object({ id: idSchema, title: sentText, snippet: sentText, classId: idSchema.nullable(), retracted: z.boolean() })),
  }),
  errors: ["NOT_FOUND"],
});
export const recordPlausibility = defineContract({
  operationId: "recordPlausibility", idempotent: true, method: "POST", path: "/debates/{debateId}/nodes/{nodeId}/plausibility",
  summary: "Estimate a counterexample's plausibility (0-100) and severity; every estimate is kept, your latest counts", tag: "tree", auth: "required",
  params: nodeParams, body: classes.plausibilitySchema, status: 201, response: z.object({ estimate: plausibilityEstimateSchema }), errors: ["NOT_FOUND", "CONFLICT"],
  example: { request: { plausibility: 15, severity: "BREAKS" } },
});
export const plausibilityTimeline = defineContract({
  operationId: "plausibilityTimeline", method: "GET", path: "/debates/{debateId}/nodes/{nodeId}/plausibility", summary: "Every plausibility estimate of a counterexample and the weight of the latest per person", tag: "tree", auth: "optional",
  params: nodeParams, status: 200,
  response: z.object({ estimates: z.array(plausibilityEstimateSchema.extend({ displayName: sentText })), weight: counterexampleWeightSchema.nullable() }),
  errors: ["NOT_FOUND"],
});
export type PlausibilityTimeline = z.infer<typeof plausibilityTimeline.response>;
export const setStandingRule = defineContract({
  operationId: "setStandingRule", method: "PUT", path: "/debates/{debateId}/standing-rule",
  summary: "Choose what marks a version broken (owner): ANY_LIVE, or PLAUSIBILITY_THRESHOLD with a threshold", tag: "debates", auth: "required",
  params: debateParams, body: classes.standingRuleSchema, status: 200, response: z.object({ rule: standingRuleSchema.extend({ changed: z.boolean() }) }), errors: ["NOT_FOUND"],
  example: { request: { rule: "PLAUSIBILITY_THRESHOLD", threshold: 30 } },
});
