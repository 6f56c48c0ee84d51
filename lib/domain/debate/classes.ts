// Counterexample classes: a named family of counterexamples. A counterexample is in at most one
// class; a patch may answer whole classes besides single counterexamples, and then answers every
// counterexample in the class at the time the scoreboard is read (one joining later is covered too;
// the versions rule of scoreboard.ts still decides which versions the answer fixes).
import { z } from "zod";
import { safeText } from "@/lib/domain/text";
import { idSchema } from "@/lib/domain/debate/validation";
import { BROKEN_RULES, SEVERITIES } from "@/lib/domain/vocabulary";
import type { CoverageCell, Scoreboard, ScoreNode } from "@/lib/domain/debate/scoreboard";

export const CLASS_LIMITS = { nameMax: 120, descriptionMax: 2_000, classesPerPatch: 50 } as const;

const className = safeText().trim().min(1, "Name the class").max(CLASS_LIMITS.nameMax, `Class names are at most ${CLASS_LIMITS.nameMax} characters`);
const classDescription = safeText({ multiline: true }).trim().max(CLASS_LIMITS.descriptionMax, `Descriptions are at most ${CLASS_LIMITS.descriptionMax} characters`);

export const createClassSchema = z.object({ name: className, description: classDescription.default("") });
export type CreateClassInput = z.infer<typeof createClassSchema>;

export const updateClassSchema = z
  .object({
    name: className.optional(),
    description: classDescription.optional(),
    /** The class's updatedAt as the editor read it: a class changed since answers 409 instead of being overwritten. */
    expectedUpdatedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((v) => v.name !== undefined || v.description !== undefined, { message: "Send a name or a description" });
export type UpdateClassInput = z.infer<typeof updateClassSchema>;

/** Put a counterexample into a class, or take it out (classId null). */
export const classifySchema = z.object({ classId: idSchema.nullable() });

/** Patches: the classes a patch answers as a whole. */
export const answersClassIdsSchema = z.array(idSchema).max(CLASS_LIMITS.classesPerPatch);

const plausibilityMessage = "Plausibility must be a whole percentage from 0 to 100";
export const plausibilitySchema = z.object({
  plausibility: z.number({ error: plausibilityMessage }).int(plausibilityMessage).min(0, plausibilityMessage).max(100, plausibilityMessage),
  severity: z.enum(SEVERITIES, { error: "Severity is BREAKS or DEGRADES" }),
});
export type PlausibilityInput = z.infer<typeof plausibilitySchema>;

const thresholdMessage = "The threshold must be a whole percentage from 0 to 100";
export const standingRuleSchema = z.object({
  rule: z.enum(BROKEN_RULES, { error: "The rule is ANY_LIVE or PLAUSIBILITY_THRESHOLD" }),
  threshold: z.number({ error: thresholdMessage }).int(thresholdMessage).min(0, thresholdMessage).max(100, thresholdMessage).optional(),
});

export const similarQuerySchema = z.object({ q: safeText().trim().min(1, "Enter some words").max(2_000) });

/**
 * The nodes as the scoreboard should see them: a patch answering a class answers every
 * counterexample in it, so its answersNodeIds gain the class's members.
 */
export function expandClassAnswers<N extends Pick<ScoreNode, "id" | "kind" | "answersNodeIds">>(
  nodes: readonly N[],
  classOf: ReadonlyMap<string, string>,
  classAnswers: readonly { patchId: string; classId: string }[],
): N[] {
  if (classAnswers.length === 0) return [...nodes];
  const members = new Map<string, string[]>();
  for (const [nodeId, classId] of classOf) members.set(classId, [...(members.get(classId) ?? []), nodeId]);
  const classesOfPatch = new Map<string, string[]>();
  for (const a of classAnswers) classesOfPatch.set(a.patchId, [...(classesOfPatch.get(a.patchId) ?? []), a.classId]);
  return nodes.map((n) => {
    const classes = n.kind === "PATCH" ? classesOfPatch.get(n.id) : undefined;
    if (!classes) return n;
    const answers = new Set(n.answersNodeIds);
    for (const c of classes) for (const m of members.get(c) ?? []) answers.add(m);
    return { ...n, answersNodeIds: [...answers] };
  });
}

export type ClassCellStatus = "breaks" | "answered" | "settled" | "not-targeted";

export interface ClassCoverageCell {
  /** null: the counterexamples in no class. */
  classId: string | null;
  status: ClassCellStatus;
  breaks: number;
  answered: number;
  /** Rebutted, defeated, set aside or retracted. */
  settled: number;
  notTargeted: number;
}

const SETTLED: ReadonlySet<CoverageCell["status"]> = new Set(["rebutted", "defeated", "set-aside", "retracted"]);

/**
 * The coverage table read by class: one cell per class (and one for the unclassified, when there
 * are any) per version. A class breaks a version when any of its counterexamples does.
 */
export function coverageByClass(
  scoreboard: Pick<Scoreboard, "coverage" | "counterexamples">,
  classIds: readonly string[],
  classOf: ReadonlyMap<string, string>,
): { version: number; cells: ClassCoverageCell[] }[] {
  const hasUnclassified = scoreboard.counterexamples.some((c) => !classOf.has(c.id));
  const columns: (string | null)[] = [...classIds, ...(hasUnclassified ? [null] : [])];
  return scoreboard.coverage.map((row) => {
    const cells = columns.map((classId): ClassCoverageCell => {
      const cell: ClassCoverageCell = { classId, status: "not-targeted", breaks: 0, answered: 0, settled: 0, notTargeted: 0 };
      for (const { counterexampleId, cell: c } of row.cells) {
        if ((classOf.get(counterexampleId) ?? null) !== classId) continue;
        if (c.status === "breaks") cell.breaks++;
        else if (c.status === "answered") cell.answered++;
        else if (SETTLED.has(c.status)) cell.settled++;
        else cell.notTargeted++;
      }
      cell.status = cell.breaks ? "breaks" : cell.answered ? "answered" : cell.settled ? "settled" : "not-targeted";
      return cell;
    });
    return { version: row.version, cells };
  });
}

/** Words of a draft for a similarity search: letters and digits only, so they are safe in a tsquery. */
export function similarityTerms(text: string, max = 32): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  return [...new Set(words)].slice(0, max);
}
