import { z } from "zod";
import { safeText } from "@/lib/domain/text";
import { badRequest } from "@/lib/domain/errors";

// Client-importable input schemas for the crux ledger and debate summaries.

export const CRUX_LIMITS = { summaryMax: 10_000 } as const;

/**
 * A credence: a number (the UI converts percentages before sending). Its range is
 * checked by assertCredence, so 1.5 is a 400 BAD_REQUEST naming the field, like a
 * prediction's probability; a non-number is a 422 like every malformed body.
 */
const credence = (label: string) => z.number({ error: `${label} must be a number from 0 to 1` });

export const CREDENCE_LABELS = {
  credence: "Your credence now",
  ifTrue: "Your credence if the claim is true",
  ifFalse: "Your credence if the claim is false",
} as const;

/** Throws 400 when a credence is outside 0–1 (or not finite). */
export function assertCredence(field: keyof typeof CREDENCE_LABELS, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw badRequest(`${CREDENCE_LABELS[field]} must be between 0 and 1 (for 70% send 0.7)`, { field });
  }
  return value;
}

export const cruxEstimateSchema = z.object({
  credence: credence(CREDENCE_LABELS.credence),
  ifTrue: credence(CREDENCE_LABELS.ifTrue),
  ifFalse: credence(CREDENCE_LABELS.ifFalse),
});
export type CruxEstimateInput = z.infer<typeof cruxEstimateSchema>;

export const cruxFollowUpSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("CONFIRM") }),
  z.object({ action: z.literal("REVISE"), credence: credence(CREDENCE_LABELS.credence) }),
]);
export type CruxFollowUpInput = z.infer<typeof cruxFollowUpSchema>;

const summaryBody = safeText({ multiline: true })
  .trim()
  .min(1, "Write the summary")
  .max(CRUX_LIMITS.summaryMax, `A summary must be at most ${CRUX_LIMITS.summaryMax} characters`);

export const createSummarySchema = z.object({
  body: summaryBody,
  /** The proposal version it summarises; absent for the debate as a whole. */
  versionNumber: z.number().int().min(1).nullish(),
});
export type CreateSummaryInput = z.infer<typeof createSummarySchema>;

export const editSummarySchema = z.object({
  body: summaryBody,
  /** The revision the editor started from (optimistic concurrency). */
  revision: z.number().int().min(1),
});
export type EditSummaryInput = z.infer<typeof editSummarySchema>;

export const stateQuerySchema = z.object({ version: z.coerce.number().int().min(1).optional() });
