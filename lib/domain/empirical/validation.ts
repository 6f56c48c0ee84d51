import { z } from "zod";
import { idSchema, linkSchema } from "@/lib/domain/debate/validation";
import { badRequest } from "@/lib/domain/errors";
import { safeText } from "@/lib/domain/text";
import { parseProbability } from "@/lib/domain/empirical/resolution";
import { EXPERIMENT_STATUSES, OUTCOMES, RESOLUTION_MODES } from "@/lib/domain/vocabulary";

// Client-importable input schemas for empirical claims: mode, experiment card,
// predictions, resolutions, and the research agenda query.

export const EMPIRICAL_LIMITS = {
  cardFieldMax: 5_000,
  summaryMax: 5_000,
  linksMax: 20,
  probabilityTextMax: 20,
} as const;

export const resolutionModeSchema = z.enum(RESOLUTION_MODES);
export const experimentStatusSchema = z.enum(EXPERIMENT_STATUSES);
export const outcomeSchema = z.enum(OUTCOMES);

export const setModeSchema = z.object({ mode: resolutionModeSchema });
export type SetModeInput = z.infer<typeof setModeSchema>;

const cardText = (label: string, required: boolean) => {
  const base = safeText({ multiline: true }).trim().max(EMPIRICAL_LIMITS.cardFieldMax, `${label} must be at most ${EMPIRICAL_LIMITS.cardFieldMax} characters`);
  return required ? base.min(1, `Write the ${label.toLowerCase()}`) : base.default("");
};

const linksSchema = z.array(linkSchema).max(EMPIRICAL_LIMITS.linksMax, `At most ${EMPIRICAL_LIMITS.linksMax} links`).default([]);

export const experimentCardSchema = z.object({
  question: cardText("Question", true),
  method: cardText("Proposed experiment", true),
  supportIf: cardText("Outcome that supports the claim", true),
  refuteIf: cardText("Outcome that refutes the claim", true),
  ownerId: idSchema.nullish(),
  status: experimentStatusSchema.default("PROPOSED"),
  links: linksSchema,
  // Optimistic concurrency: the card revision the editor started from; absent or 0 to create.
  revision: z.number().int().min(0).optional(),
});
export type ExperimentCardInput = z.input<typeof experimentCardSchema>;
export type ExperimentCardData = z.output<typeof experimentCardSchema>;

// The service turns this into 0..1 (see parseStrictProbability): 0.7, "0.7" or "70%".
export const predictionSchema = z.object({
  probability: z.union([z.number(), safeText().trim().min(1, "Enter a probability").max(EMPIRICAL_LIMITS.probabilityTextMax)]),
});
export type PredictionInput = z.infer<typeof predictionSchema>;

const summarySchema = (message: string) =>
  safeText({ multiline: true }).trim().min(1, message).max(EMPIRICAL_LIMITS.summaryMax, `At most ${EMPIRICAL_LIMITS.summaryMax} characters`);

export const resolutionActionSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("RESOLVE"),
    outcome: outcomeSchema,
    summary: summarySchema("Summarise the result"),
    evidence: linksSchema,
  }),
  z.object({
    action: z.literal("DISPUTE"),
    summary: summarySchema("Say why you dispute the resolution"),
    evidence: linksSchema,
  }),
  z.object({
    action: z.literal("REOPEN"),
    summary: summarySchema("Say why you reopen the claim"),
    evidence: linksSchema,
  }),
]);
export type ResolutionActionInput = z.input<typeof resolutionActionSchema>;

export const agendaSortSchema = z.enum(["disagreement", "expectedBeliefChange", "dependentNodes", "predictionCount", "createdAt", "title"]);
export const agendaQuerySchema = z.object({
  format: z.enum(["json", "csv", "md"]).default("json"),
  sort: agendaSortSchema.default("disagreement"),
  order: z.enum(["asc", "desc"]).default("desc"),
});
export type AgendaQuery = z.infer<typeof agendaQuerySchema>;

/** Links as typed in a textarea, one per line: "url" or "label | url". */
export function parseLinkLines(text: string): { label: string; url: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.lastIndexOf("|");
      return bar >= 0 ? { label: line.slice(0, bar).trim(), url: line.slice(bar + 1).trim() } : { label: "", url: line };
    });
}

/**
 * A probability in 0..1 from 0.7, "0.7" or "70%". Unlike parseProbability, a
 * bare number above 1 is refused rather than read as a percentage: 1.5 is a
 * typo, not 1.5%. Percentages must carry the % sign.
 */
export function parseStrictProbability(input: unknown): number {
  const percent = typeof input === "string" && input.trim().endsWith("%");
  if (!percent) {
    const value = typeof input === "number" ? input : typeof input === "string" ? Number(input.trim()) : Number.NaN;
    if (Number.isFinite(value) && (value > 1 || value < 0)) {
      // "80" almost always means 80 %: say how to write it rather than guess.
      const hint = value >= 2 && value <= 100 ? `: for ${value} percent write ${value}% or ${value / 100}` : " (or 0%–100% with a % sign)";
      throw badRequest(`Probability must be between 0 and 1${hint}`, { field: "probability" });
    }
  }
  return parseProbability(input);
}
