import { z } from "zod";
import { refuseUnsafeText, safeText } from "@/lib/domain/text";
import { MOVE_KINDS, PLAY_MODES, PRUNE_CATEGORIES, SIDES, STUCK_AFTER_DAYS, VISIBILITIES } from "@/lib/domain/vocabulary";
import { REVISIT_DEFAULTS, REVISIT_SORTS } from "@/lib/domain/debate/pruning";

// Client-importable input schemas for debates and moves (the forms use them too).

export const LIMITS = {
  titleMax: 200,
  proposalMax: 50_000,
  contextMax: 20_000,
  nodeTitleMax: 200,
  nodeBodyMax: 20_000,
  quoteMax: 2_000,
  linksMax: 20,
  reasonMax: 2_000,
} as const;

export const idSchema = z.string().min(1).max(64).regex(/^[a-zA-Z0-9_-]+$/, "Malformed id");

export const safeUrlSchema = z
  .url({ protocol: /^https?$/, error: "Links must be http(s) URLs" })
  .max(2_000, "Link is too long")
  .superRefine(refuseUnsafeText());

export const linkSchema = z.object({
  label: safeText().trim().max(200).default(""),
  url: safeUrlSchema,
});

export const visibilitySchema = z.enum(VISIBILITIES);
export const playModeSchema = z.enum(PLAY_MODES);
export const sideSchema = z.enum(SIDES);
export const moveKindSchema = z.enum(MOVE_KINDS);

export const createDebateSchema = z.object({
  title: safeText().trim().min(1, "Give the debate a title").max(LIMITS.titleMax, `Title must be at most ${LIMITS.titleMax} characters`),
  proposal: safeText({ multiline: true }).trim().min(1, "Write the proposal").max(LIMITS.proposalMax, `Proposal must be at most ${LIMITS.proposalMax} characters`),
  context: safeText({ multiline: true }).trim().max(LIMITS.contextMax).default(""),
  links: z.array(linkSchema).max(LIMITS.linksMax).default([]),
  visibility: visibilitySchema.default("PUBLIC"),
  playMode: playModeSchema.default("OPEN"),
  side: sideSchema.default("BUILDER"),
});
export type CreateDebateInput = z.infer<typeof createDebateSchema>;

const stuckAfterDaysMessage = `Stuck after must be a whole number of days from ${STUCK_AFTER_DAYS.min} to ${STUCK_AFTER_DAYS.max}`;
export const stuckAfterDaysSchema = z
  .number({ error: stuckAfterDaysMessage })
  .int(stuckAfterDaysMessage)
  .min(STUCK_AFTER_DAYS.min, stuckAfterDaysMessage)
  .max(STUCK_AFTER_DAYS.max, stuckAfterDaysMessage);

export const updateDebateSchema = z.object({
  title: createDebateSchema.shape.title.optional(),
  // Not createDebateSchema's context: zod 4 applies its .default("") even under .optional(),
  // so every PATCH without a context would have erased it.
  context: safeText({ multiline: true }).trim().max(LIMITS.contextMax).optional(),
  links: z.array(linkSchema).max(LIMITS.linksMax).optional(),
  visibility: visibilitySchema.optional(),
  playMode: playModeSchema.optional(),
  // Owner and moderators (debate:set-stuck-threshold); every other field is the owner's.
  stuckAfterDays: stuckAfterDaysSchema.optional(),
});
export type UpdateDebateInput = z.infer<typeof updateDebateSchema>;

export const joinDebateSchema = z.object({
  side: sideSchema.default("OBSERVER"),
  inviteCode: z.string().max(100).optional(),
});

export const switchSideSchema = z.object({ side: sideSchema });

export const inviteMemberSchema = z.object({
  username: safeText({ identifier: true }).trim().min(1).max(32),
  side: sideSchema.default("OBSERVER"),
});

export const setMemberRoleSchema = z.object({ role: z.enum(["MODERATOR", "MEMBER"]) });

export const quoteSchema = z
  .object({
    text: safeText({ multiline: true }).min(1, "Select a passage to quote").max(LIMITS.quoteMax, `Quotes must be at most ${LIMITS.quoteMax} characters`),
    start: z.number().int().min(0).max(LIMITS.proposalMax),
    end: z.number().int().min(0).max(LIMITS.proposalMax),
  })
  .refine((q) => q.end > q.start, { message: "Quote end must be after its start", path: ["end"] });

const nodeTitleSchema = safeText().trim().max(LIMITS.nodeTitleMax, `Title must be at most ${LIMITS.nodeTitleMax} characters`);

export const createNodeSchema = z.object({
  parentId: idSchema,
  kind: moveKindSchema,
  title: nodeTitleSchema.default(""),
  body: safeText({ multiline: true }).trim().min(1, "Write something").max(LIMITS.nodeBodyMax, `Text must be at most ${LIMITS.nodeBodyMax} characters`),
  quote: quoteSchema.optional(),
  // Counterexamples: which proposal versions fail (default: the current one).
  targetVersions: z.array(z.number().int().min(1).max(100_000)).max(100).optional(),
  // Patches: the counterexamples answered, and the full text of the new version.
  answersNodeIds: z.array(idSchema).max(100).optional(),
  // Patches: counterexample classes answered as a whole (lib/domain/debate/classes.ts).
  answersClassIds: z.array(idSchema).max(50).optional(),
  proposal: safeText({ multiline: true }).trim().min(1).max(LIMITS.proposalMax).optional(),
});
export type CreateNodeInput = z.infer<typeof createNodeSchema>;

export const editNodeSchema = z.object({
  // Not createNodeSchema's title: zod 4 applies its .default("") even under .optional(),
  // so an edit without a title would have erased it.
  title: nodeTitleSchema.optional(),
  body: createNodeSchema.shape.body,
  // Optimistic concurrency: the revision the editor started from.
  revision: z.number().int().min(1),
});

export const debateListQuerySchema = z.object({
  scope: z.enum(["public", "mine", "joined"]).default("public"),
  q: safeText().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const searchQuerySchema = z.object({ q: safeText().trim().min(1, "Enter search words").max(200) });

export const pruneCategorySchema = z.enum(PRUNE_CATEGORIES);
const promiseSchema = z.number().int("Promise must be a whole number").min(0, "Promise must be 0–100").max(100, "Promise must be 0–100");

export const pruneSchema = z.object({
  category: pruneCategorySchema,
  reason: safeText({ multiline: true }).trim().min(1, "Say why you prune this branch").max(LIMITS.reasonMax),
  promise: promiseSchema.nullish(),
  duplicateOf: idSchema.nullish(),
});

export const reopenSchema = z.object({
  reason: safeText({ multiline: true }).trim().min(1, "Say why you reopen this branch").max(LIMITS.reasonMax),
  promise: promiseSchema.nullish(),
});

export const estimateSchema = z.object({ promise: promiseSchema });

export const revisitQuerySchema = z.object({
  sort: z.enum(REVISIT_SORTS).default(REVISIT_DEFAULTS.sort),
  order: z.enum(["asc", "desc"]).default(REVISIT_DEFAULTS.order),
  category: pruneCategorySchema.optional(),
});

export const transferOwnershipSchema = z.object({ userId: idSchema });
