// Public API of the export/import formats.
export * from "./document";
export * from "./errors";
export * from "./limits";
export { runSteps, runStepsSliced, type SliceOptions, type Steps } from "./steps";
export { branchAsDebate, branchTitle, isBranchDocument } from "./branch";
export { sourceFromDocument, documentFromSource, orderDepthFirst, type DebateSource } from "./source";
export { EXPORT_FORMAT_LABELS, IMPORT_FORMAT_LABELS } from "./catalog";
export { exportDebate, collect, EXPORT_FORMATS, EXPORT_FILE_INFO, isExportFormat, type ExportFormat, type ExportOptions } from "./export";
export { parseImport, parseImportSliced, importJson, importArgdown, importKialo, importAif, importThread, ImportReport, IMPORT_FORMATS, isImportFormat, type ImportFormat, type ImportOptions } from "./import";
