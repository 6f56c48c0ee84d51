import { z } from "zod";
import { idSchema, visibilitySchema } from "@/lib/domain/debate/validation";
import { EXPORT_FORMATS, IMPORT_FORMATS } from "@/lib/formats";

export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS).default("json"),
  root: idSchema.optional(),
  download: z.enum(["0", "1", "true", "false"]).optional(),
});

export const importQuerySchema = z.object({
  /** Omitted: application/json means json; otherwise detected from the text. */
  format: z.enum(IMPORT_FORMATS).optional(),
  visibility: visibilitySchema.default("PRIVATE"),
});
