// Import dispatch. Every importer is a pure parse into a validated document:
// it either returns a whole DebateDocument or throws FormatError.

import type { DebateDocument } from "../document";
import { IMPORT_FORMATS, type ImportFormat } from "../catalog";
import { FormatError } from "../errors";
import { runSteps, runStepsSliced, type SliceOptions, type Steps } from "../steps";
import { importArgdown, importArgdownSteps } from "./argdown";
import type { ImportOptions } from "./common";
import { importJson, importJsonSteps } from "./json";
import { importKialo, importKialoSteps } from "./kialo";
import { importAifSteps } from "./aif";
import { importThreadSteps } from "./thread";

export { IMPORT_FORMATS, isImportFormat, type ImportFormat } from "../catalog";

export function parseImport(text: string, format: ImportFormat, options: ImportOptions = {}): DebateDocument {
  return runSteps(parseImportSteps(text, format, options));
}

/**
 * parseImport that gives the event loop back every `sliceMs` (default 10 ms), so a
 * 20 MB upload does not hold every other request for the seconds it takes to parse.
 */
export async function parseImportSliced(text: string, format: ImportFormat, options: ImportOptions & SliceOptions = {}): Promise<DebateDocument> {
  return runStepsSliced(parseImportSteps(text, format, options), options);
}

export function parseImportSteps(text: string, format: ImportFormat, options: ImportOptions = {}): Steps<DebateDocument> {
  switch (format) {
    case "json":
      return importJsonSteps(text, options);
    case "argdown":
      return importArgdownSteps(text, options);
    case "kialo":
      return importKialoSteps(text, options);
    case "aif":
      return importAifSteps(text, options);
    case "thread":
      return importThreadSteps(text, options);
    default:
      throw new FormatError("UNSUPPORTED_FORMAT", `unknown import format ${JSON.stringify(format)}`, {}, IMPORT_FORMATS.join(", "));
  }
}

export { importArgdown, importJson, importKialo };
export const importAif = (text: string, options: ImportOptions = {}): DebateDocument => runSteps(importAifSteps(text, options));
export const importThread = (text: string, options: ImportOptions = {}): DebateDocument => runSteps(importThreadSteps(text, options));
export { ImportReport } from "./report";
export type { ImportOptions };
