// Export dispatch: one entry point for every format, streamed as text chunks.

import { EXPORT_FORMATS, type ExportFormat } from "../catalog";
import { FormatError } from "../errors";
import type { DebateSource } from "../source";
import { exportAif } from "./aif";
import { exportArgdown } from "./argdown";
import { exportDot } from "./dot";
import { exportGraphml } from "./graphml";
import { exportJson } from "./json";
import { exportKialo, type KialoExportOptions } from "./kialo";
import { exportMarkdown } from "./markdown";
import { exportSvg, type SvgExportOptions } from "./svg";

export { EXPORT_FILE_INFO, EXPORT_FORMATS, isExportFormat, type ExportFormat } from "../catalog";

export interface ExportOptions {
  kialo?: KialoExportOptions;
  svg?: SvgExportOptions;
  /** Chunks are batched to about this many characters (default 16 KiB) to keep per-chunk overhead low. */
  chunkSize?: number;
}

/** Streams `source` in `format`. Nodes must arrive in depth-first pre-order (see DebateSource). */
export function exportDebate(source: DebateSource, format: ExportFormat, options: ExportOptions = {}): AsyncGenerator<string> {
  const chunks = (() => {
    switch (format) {
      case "json":
        return exportJson(source);
      case "markdown":
        return exportMarkdown(source);
      case "argdown":
        return exportArgdown(source);
      case "aif":
        return exportAif(source);
      case "kialo":
        return exportKialo(source, options.kialo);
      case "dot":
        return exportDot(source);
      case "graphml":
        return exportGraphml(source);
      case "svg":
        return exportSvg(source, options.svg);
      default:
        throw new FormatError("UNSUPPORTED_FORMAT", `unknown export format ${JSON.stringify(format)}`, {}, EXPORT_FORMATS.join(", "));
    }
  })();
  return batch(chunks, options.chunkSize ?? 16 * 1024);
}

async function* batch(chunks: AsyncGenerator<string>, size: number): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= size) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer) yield buffer;
}

/** Joins a stream of chunks into one string (small debates, tests). */
export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.join("");
}

export { exportAif, exportArgdown, exportDot, exportGraphml, exportJson, exportKialo, exportMarkdown, exportSvg };
