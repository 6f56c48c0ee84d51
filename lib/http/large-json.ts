import "server-only";

// Big JSON answers (the tree, the overview): 304 for a validator the client already
// holds, and bodies streamed a piece at a time. No gzip here: under `next start`, Next
// drops a route handler's own Content-Encoding header (FORBIDDEN_HEADERS in
// next/dist/server/send-response.js) while sending the encoded bytes, so compression is
// Next's `compress` (COMPRESS_RESPONSES=true, which gzips route handlers' answers and
// streams through zlib on libuv's thread pool) or a reverse proxy's (docs/api.md).

/** Whether If-None-Match names this validator (weak comparison, as for GET). */
export function matchesValidator(request: Request, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((v) => v.trim().replace(/^W\//, "") === bare);
}

/** 304 with the validator; no body. */
export function notModified(etag: string): Response {
  return new Response(null, { status: 304, headers: { etag, "cache-control": "private, no-cache", vary: VARY } });
}

const encoder = new TextEncoder();
const VARY = "Accept-Encoding, Authorization, Cookie";

/** Text chunks as a byte stream, pulled one at a time (a slow client slows the reads, never piles them up). */
function byteStream(chunks: AsyncIterable<string> | Iterable<string>): ReadableStream<Uint8Array> {
  const iterator = Symbol.asyncIterator in chunks ? (chunks as AsyncIterable<string>)[Symbol.asyncIterator]() : (chunks as Iterable<string>)[Symbol.iterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** Byte parts sent one at a time as they are: the socket takes each without a copy. */
function partsStream(parts: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < parts.length) controller.enqueue(parts[next++]!);
      else controller.close();
    },
  });
}

/** A JSON answer (text, UTF-8 parts, or text chunks streamed as they come), with its validator when given. */
export function largeJson(body: string | readonly Uint8Array[] | AsyncIterable<string>, init: { status?: number; etag?: string } = {}): Response {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  if (init.etag) {
    headers.etag = init.etag;
    headers["cache-control"] = "private, no-cache";
    headers.vary = VARY;
  }
  const stream = typeof body === "string" ? body : Array.isArray(body) ? partsStream(body as readonly Uint8Array[]) : byteStream(body as AsyncIterable<string>);
  return new Response(stream, { status: init.status ?? 200, headers });
}
