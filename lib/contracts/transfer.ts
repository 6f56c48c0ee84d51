import { sentTextSchema as sentText } from "@/lib/contracts/common";
import { z } from "zod";
import { idSchema, visibilitySchema } from "@/lib/domain/debate/validation";
import { EXPORT_FORMATS, IMPORT_FORMATS } from "@/lib/formats";
import { DebateDocumentSchema } from "@/lib/formats/document";
import { debateParams } from "@/lib/contracts/debates";
import { defineContract } from "@/lib/contracts/define";

export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS).default("json"),
  root: idSchema.optional(),
  download: z.enum(["0", "1", "true", "false"]).optional(),
  /** format=kialo: 1 appends our {"bb": …} data (kinds, sides, titles, display names) so the file imports back here; default: a clean outline for Kialo. */
  roundTrip: z.enum(["0", "1", "true", "false"]).optional(),
});

export const importQuerySchema = z.object({
  /** Omitted: application/json means json; otherwise detected from the text. */
  format: z.enum(IMPORT_FORMATS).optional(),
  visibility: visibilitySchema.default("PRIVATE"),
});

/** Content types the import route reads its raw body as. */
export const IMPORT_CONTENT_TYPES = ["application/json", "text/plain", "text/markdown", "text/x-argdown", "application/octet-stream"] as const;

export const exportDebate = defineContract({
  operationId: "exportDebate", method: "GET", path: "/debates/{debateId}/export",
  summary: "Download the debate (or the subtree under ?root=) as json, markdown, argdown, aif, kialo, dot, graphml or svg; streamed; ?download=1 adds Content-Disposition; ?roundTrip=1 (kialo) keeps our data so the file imports back with kinds, sides, titles and display names",
  tag: "exports", auth: "optional", params: debateParams, query: exportQuerySchema, status: 200,
  otherContent: [
    { type: "application/json", description: "format=json: a builder-breaker/1 document (format=aif: AIF JSON)", schema: DebateDocumentSchema.or(z.looseObject({}).describe("AIF JSON (format=aif)")) },
    { type: "text/markdown", description: "format=markdown" },
    { type: "text/plain", description: "format=argdown or kialo (kialo: a clean outline; with roundTrip=1 each claim ends with our {\"bb\": …} data)" },
    { type: "text/vnd.graphviz", description: "format=dot" },
    { type: "application/graphml+xml", description: "format=graphml" },
    { type: "image/svg+xml", description: "format=svg" },
  ],
  errors: ["NOT_FOUND"],
});

export const importDebate = defineContract({
  operationId: "importDebate", idempotent: true, method: "POST", path: "/debates/import",
  summary:
    "Import a file (raw body: builder-breaker/2 or /1 JSON, Argdown, Kialo text (either outline), AIF JSON, or a pasted thread with ?format=thread; at most 20 MB; a branch export becomes a debate whose proposal is the branch root) as a new debate you own; 201 {debate, report} where report lists what had no exact place (\"12 relations kept as cross-links\"), 413 over 20 MB, 422 with {line, column, path, expected}, 429 with Retry-After over the import rate limit (every attempt counts)",
  tag: "exports", auth: "required", query: importQuerySchema,
  rawBody: { contentTypes: IMPORT_CONTENT_TYPES, description: "The file itself, not wrapped in JSON" },
  status: 201,
  response: z.object({
    debate: z.object({ id: idSchema, rootNodeId: idSchema, nodes: z.number().int(), participants: z.number().int() }),
    /** What had no exact place in the debate, one sentence each ("12 relations kept as cross-links"); empty when everything fit. */
    report: z.array(sentText),
  }),
  errors: ["NOT_FOUND"],
  example: { response: { debate: { id: "cm1debate00000000000001", rootNodeId: "cm1node000000000000001", nodes: 12, participants: 3 }, report: ["12 relations kept as cross-links", "2 tags kept as text"] } },
});

export const exportFormatSchemaV2 = defineContract({
  operationId: "exportFormatSchemaV2", method: "GET", path: "/schemas/builder-breaker-2.json", summary: "JSON Schema of the builder-breaker/2 export format (the current one: with typed cross-links)", tag: "exports", auth: "none",
  status: 200, otherContent: [{ type: "application/schema+json", description: "A JSON Schema (draft-07)", schema: z.looseObject({ $schema: sentText, title: sentText }) }], errors: [],
});

export const exportFormatSchema = defineContract({
  operationId: "exportFormatSchema", method: "GET", path: "/schemas/builder-breaker-1.json", summary: "JSON Schema of the builder-breaker/1 export format (the previous one; such files still import)", tag: "exports", auth: "none",
  status: 200, otherContent: [{ type: "application/schema+json", description: "A JSON Schema (draft-07)", schema: z.looseObject({ $schema: sentText, title: sentText }) }], errors: [],
});
