// Import dispatch. Every importer is a pure parse into a validated document:
// it either returns a whole DebateDocument or throws FormatError.

import type { DebateDocument } from "../document";
import { IMPORT_FORMATS, type ImportFormat } from "../catalog";
import { FormatError } from "../errors";
import { importArgdown } from "./argdown";
import type { ImportOptions } from "./common";
import { importJson } from "./json";
import { importKialo } from "./kialo";

export { IMPORT_FORMATS, isImportFormat, type ImportFormat } from "../catalog";

export function parseImport(text: string, format: ImportFormat, options: ImportOptions = {}): DebateDocument {
  switch (format) {
    case "json":
      return importJson(text, options);
    case "argdown":
      return importArgdown(text, options);
    case "kialo":
      return importKialo(text, options);
    default:
      throw new FormatError("UNSUPPORTED_FORMAT", `unknown import format ${JSON.stringify(format)}`, {}, IMPORT_FORMATS.join(", "));
  }
}

export { importArgdown, importJson, importKialo };
export type { ImportOptions };
