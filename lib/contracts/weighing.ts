import { z } from "zod";
import { BROKEN_RULES, SEVERITIES } from "@/lib/domain/vocabulary";
import { dateTime, idSchema, sideSchema, sentTextSchema as sentText } from "@/lib/contracts/common";

// Shapes of counterexample classes and weights (lib/domain/debate/classes.ts, standing.ts), shared by
// the overview (lib/contracts/debates.ts) and the class endpoints (lib/contracts/classes.ts).

export const severitySchema = z.enum(SEVERITIES);
export const brokenRuleSchema = z.enum(BROKEN_RULES);
export const standingRuleSchema = z.object({ rule: brokenRuleSchema, threshold: z.number().int() });

export const counterexampleClassSchema = z.object({
  id: idSchema, name: sentText, description: sentText, createdById: idSchema, createdAt: dateTime, updatedAt: dateTime,
  /** The counterexamples in the class (a counterexample is in at most one class). */
  memberIds: z.array(idSchema),
  /** Patches answering the whole class. */
  answeredByPatchIds: z.array(idSchema),
});
export type CounterexampleClassView = z.infer<typeof counterexampleClassSchema>;

const sideMedians = z.object({ BUILDER: z.number().nullable(), BREAKER: z.number().nullable(), OBSERVER: z.number().nullable() });
export const counterexampleWeightSchema = z.object({
  nodeId: idSchema, estimates: z.number().int(), median: z.number().nullable(), bySide: sideMedians,
  breaksVotes: z.number().int(), degradesVotes: z.number().int(), severity: severitySchema.nullable(),
});
export type CounterexampleWeightView = z.infer<typeof counterexampleWeightSchema>;

export const weightedStandingSchema = z.object({
  number: z.number().int(), nodeId: idSchema, status: z.enum(["stands", "broken"]),
  /** Counterexamples that break the version under the debate's rule. */
  brokenBy: z.array(idSchema),
  /** Live counterexamples that apply but do not break under the rule. */
  heldOff: z.array(idSchema),
  weight: z.object({
    classes: z.number().int(), unclassified: z.number().int(), counterexamples: z.number().int(), median: z.number().nullable(),
    bySide: z.object({ BUILDER: z.number().nullable(), BREAKER: z.number().nullable() }), estimates: z.number().int(),
  }),
  /** "broken by 2 classes, median plausibility 15 %, builders 5 % / breakers 40 %" */
  text: sentText,
});

export const classCoverageCellSchema = z.object({
  classId: idSchema.nullable(), status: z.enum(["breaks", "answered", "settled", "not-targeted"]),
  breaks: z.number().int(), answered: z.number().int(), settled: z.number().int(), notTargeted: z.number().int(),
});

export const weighingSchema = z.object({
  rule: standingRuleSchema,
  classes: z.array(counterexampleClassSchema),
  standings: z.array(weightedStandingSchema),
  current: weightedStandingSchema.nullable(),
  weights: z.array(counterexampleWeightSchema),
  /** The coverage table read by class; the last column (classId null) holds the unclassified, when there are any. */
  coverageByClass: z.array(z.object({ version: z.number().int(), cells: z.array(classCoverageCellSchema) })),
});
export type Weighing = z.infer<typeof weighingSchema>;

export const plausibilityEstimateSchema = z.object({
  id: idSchema, nodeId: idSchema, userId: idSchema, side: sideSchema, plausibility: z.number().int(), severity: severitySchema, createdAt: dateTime,
});
