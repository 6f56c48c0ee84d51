// Which formats exist, their names for people and their files. Kept apart from the
// exporters and importers so a client component (ExportMenu, ImportForm) can list
// them without bundling any of the format code.

export const EXPORT_FORMATS = ["json", "markdown", "argdown", "aif", "kialo", "dot", "graphml", "svg"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = {
  json: "JSON (builder-breaker/2)",
  markdown: "Markdown outline",
  argdown: "Argdown",
  aif: "AIF JSON",
  kialo: "Kialo outline",
  dot: "GraphViz DOT",
  graphml: "GraphML",
  svg: "SVG picture",
};

export const EXPORT_FILE_INFO: Readonly<Record<ExportFormat, { extension: string; contentType: string }>> = {
  json: { extension: "json", contentType: "application/json; charset=utf-8" },
  markdown: { extension: "md", contentType: "text/markdown; charset=utf-8" },
  argdown: { extension: "argdown", contentType: "text/plain; charset=utf-8" },
  aif: { extension: "aif.json", contentType: "application/json; charset=utf-8" },
  kialo: { extension: "kialo.txt", contentType: "text/plain; charset=utf-8" },
  dot: { extension: "dot", contentType: "text/vnd.graphviz; charset=utf-8" },
  graphml: { extension: "graphml", contentType: "application/graphml+xml; charset=utf-8" },
  svg: { extension: "svg", contentType: "image/svg+xml; charset=utf-8" },
};

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

export const IMPORT_FORMATS = ["json", "argdown", "kialo"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_FORMAT_LABELS: Readonly<Record<ImportFormat, string>> = {
  json: "Builder/Breaker JSON",
  argdown: "Argdown",
  kialo: "Kialo outline (.txt)",
};

export function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}
