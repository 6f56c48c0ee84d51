import { z } from "zod";
import { errorStatus, type ErrorCode } from "@/lib/domain/errors";
import { idSchema, linkSchema, playModeSchema, pruneCategorySchema, sideSchema, visibilitySchema } from "@/lib/domain/debate/validation";
import { LINK_TYPES, NODE_KINDS } from "@/lib/domain/vocabulary";
import { experimentStatusSchema, outcomeSchema, resolutionModeSchema } from "@/lib/domain/empirical/validation";

// Building blocks of the response schemas: what the server sends, as the browser reads it (JSON:
// dates are ISO strings, bigints are numbers).

export { idSchema, playModeSchema, pruneCategorySchema, sideSchema, visibilitySchema, experimentStatusSchema, outcomeSchema, resolutionModeSchema };

export const nodeKindSchema = z.enum(NODE_KINDS);
export const linkTypeSchema = z.enum(LINK_TYPES);
export const memberRoleSchema = z.enum(["OWNER", "MODERATOR", "MEMBER"]);
export const pruneActionSchema = z.enum(["PRUNE", "REOPEN"]);
export const resolutionActionKindSchema = z.enum(["RESOLVE", "DISPUTE", "REOPEN"]);

/**
 * Text the server sends (titles, messages, names): response schemas only. Request text goes through
 * safeText (lib/domain/text.ts); nothing a client sends is parsed with this.
 */
export const sentTextSchema = z.string();
const sentText = sentTextSchema;

/** A timestamp on the wire: `Date.toJSON()` and the database's ISO text both give `2026-01-02T03:04:05.678Z`. */
export const dateTime = z.iso.datetime();
/** A link as stored (label may be empty). */
export const storedLinkSchema = z.object({ label: sentText, url: sentText });
export const storedLinksSchema = z.array(storedLinkSchema);
export { linkSchema };

export const userRefSchema = z.object({ id: idSchema, username: sentText, displayName: sentText });

export const errorCodeSchema = z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]);

/** Every error answer: `{ error: { code, message, details? } }`. */
export const errorBodySchema = z.object({
  error: z.object({ code: errorCodeSchema, message: sentText, details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

// ---- Cursors: opaque to clients, unique per row (a timestamp alone is not: two rows can share one).

/** `cursor` query parameter of a paged list: the `nextCursor` of the previous page. */
export const cursorSchema = sentText.min(1).max(200).regex(/^[A-Za-z0-9_-]+$/, "Malformed cursor");

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(cursor: string): string | null {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The cursor of a row ordered by (key, id): base64url of JSON [key, id]. */
export function encodeCursor(key: string | number, id: string): string {
  return toBase64Url(JSON.stringify([key, id]));
}

/** The (key, id) of a cursor; null when it was not made by encodeCursor. */
export function decodeCursor(cursor: string): { key: string | number; id: string } | null {
  const text = fromBase64Url(cursor);
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.length === 2 && (typeof value[0] === "string" || typeof value[0] === "number") && typeof value[1] === "string") {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // not ours
  }
  return null;
}

export type StoredLink = z.infer<typeof storedLinkSchema>;
/** A JSON column written through linkSchema (links, evidence), typed for the response; the response check verifies it. */
export const storedLinks = (value: unknown): StoredLink[] => (Array.isArray(value) ? (value as StoredLink[]) : []);

export type Side = z.infer<typeof sideSchema>;
