import { z } from "zod";
import { cursorSchema, dateTime, idSchema, nodeKindSchema, sentTextSchema as sentText } from "@/lib/contracts/common";
import { debateParams } from "@/lib/contracts/debates";
import { defineContract } from "@/lib/contracts/define";

export const ACTIVITY_KINDS = ["debate", "member", "node", "branch", "claim", "experiment", "prediction", "crux", "class", "counterexample", "plausibility", "link", "summary"] as const;

export const activityQuery = z.object({
  /** A kind ("node") or an exact type ("node.created"). */
  type: z
    .string()
    .regex(/^[a-z]+(\.[a-z-]+)?$/, "Use a kind such as node or a type such as node.created")
    .max(40)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** The nextCursor of the previous page. */
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ActivityQuery = z.infer<typeof activityQuery>;

const person = z.object({ id: idSchema, username: sentText.nullable(), displayName: sentText });
export const activityEventSchema = z.object({
  seq: z.number().int(),
  type: sentText,
  createdAt: dateTime,
  /** Who did it; username null for a deleted account. */
  actor: person.nullable(),
  /** The member an event is about (joined, removed…). */
  subject: person.nullable(),
  node: z.object({ id: idSchema, kind: nodeKindSchema, title: sentText }).nullable(),
  /** The event's own data; its fields depend on type. */
  payload: z.unknown(),
});
export type ActivityEvent = z.infer<typeof activityEventSchema>;

export const listActivity = defineContract({
  operationId: "listActivity", method: "GET", path: "/debates/{debateId}/activity", summary: "The debate's activity feed, newest first (paged: pass nextCursor as cursor)", tag: "live", auth: "optional",
  params: debateParams, query: activityQuery, status: 200, response: z.object({ events: z.array(activityEventSchema), nextCursor: sentText.nullable() }), errors: ["NOT_FOUND"],
});

export const debateEvents = defineContract({
  operationId: "debateEvents", method: "GET", path: "/debates/{debateId}/events", summary: "Server-Sent Events for live updates (Last-Event-ID or ?since= to catch up)", tag: "live", auth: "optional",
  params: debateParams, query: z.object({ since: z.string().regex(/^\d{1,19}$/, "The seq of the last event seen").optional() }), status: 200,
  otherContent: [{ type: "text/event-stream", description: "One `id:`/`event:`/`data:` block per debate event; `data` is JSON", schema: sentText }],
  errors: ["NOT_FOUND"],
});
