// Exporting a debate from the database: access check, source, streamed text.

import "server-only";

import type { Actor } from "@/lib/domain/actor";
import { requireAccess } from "@/lib/server/debate/access";
import { EXPORT_FILE_INFO, exportDebate, type ExportFormat } from "@/lib/formats";
import { withBoundedHeapGrowth } from "@/lib/server/ops/heap-growth";
import { debateSource } from "@/lib/server/transfer/db-source";

export interface DebateExport {
  /** Text chunks (~16 KiB), produced as they are read. */
  chunks: AsyncGenerator<string>;
  contentType: string;
  /** Safe file name such as `cache-debate.md` or `cache-debate-branch.md`. */
  filename: string;
}

export interface ExportRequestOptions {
  /** Kialo: append our {"bb": …} data so the file imports back with kinds, sides, titles and names (default: a clean outline). */
  roundTrip?: boolean;
}

/**
 * Exports a debate (or the subtree under `rootId`) the actor may read.
 * Private debates and roots outside the debate answer 404 before anything is streamed.
 */
export async function exportDebateFor(
  actor: Pick<Actor, "id"> | null,
  debateId: string,
  format: ExportFormat,
  rootId?: string,
  options: ExportRequestOptions = {},
): Promise<DebateExport> {
  await requireAccess(debateId, actor, "debate:read");
  const source = await debateSource(debateId, { rootId });
  const info = EXPORT_FILE_INFO[format];
  return {
    chunks: withBoundedHeapGrowth(exportDebate(source, format, { kialo: { roundTrip: options.roundTrip ?? false } })),
    contentType: info.contentType,
    filename: `${slugify(source.debate.title)}${rootId ? "-branch" : ""}.${info.extension}`,
  };
}

/** A file-name-safe slug: ASCII letters, digits and dashes, at most 60 characters, never empty. */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "debate";
}

/** Streams text chunks as UTF-8 bytes, pulling one chunk at a time (backpressure), closing the source on cancel. */
export function textStream(chunks: AsyncIterator<string>, first?: IteratorResult<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const result = pending ?? (await chunks.next());
          pending = undefined;
          if (result.done) controller.close();
          else controller.enqueue(encoder.encode(result.value));
        } catch (error) {
          // Headers are gone already: abort the body so the client sees a failed download, not a short file.
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return?.(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
