import "server-only";

// Big JSON answers (the tree, the overview): gzip when the client takes it, and
// 304 for a validator the client already holds. Next's own `compress` is off
// (next.config.mjs: a proxy does it better when there is one); without a proxy a
// 53 MB tree went out raw. Compression runs in CompressionStream, i.e. zlib on
// libuv's thread pool, chunk by chunk, so it does not hold the event loop.

/** Answers smaller than this go out as they are: gzip's header and CPU are not worth it. */
export const GZIP_MIN_BYTES = 16 * 1024;

export function acceptsGzip(request: Request): boolean {
  const header = request.headers.get("accept-encoding") ?? "";
  return header.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

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
  return new Response(null, { status: 304, headers: { etag, "cache-control": "private, no-cache", vary: "Accept-Encoding, Authorization, Cookie" } });
}

const encoder = new TextEncoder();

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

/** Splits a long text into pieces, so one big answer is compressed and written a piece at a time. */
function* pieces(text: string, size = 256 * 1024): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/**
 * A JSON answer, gzipped when it is large (or streamed) and the client accepts gzip.
 * `etag` adds the validator and revalidation headers.
 */
export function largeJson(request: Request, body: string | AsyncIterable<string>, init: { status?: number; etag?: string } = {}): Response {
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": init.etag ? "private, no-cache" : "no-store",
    vary: "Accept-Encoding",
  };
  if (init.etag) {
    headers.etag = init.etag;
    headers.vary = "Accept-Encoding, Authorization, Cookie";
  }
  const small = typeof body === "string" && body.length < GZIP_MIN_BYTES;
  if (small || !acceptsGzip(request)) {
    return new Response(typeof body === "string" ? body : byteStream(body), { status: init.status ?? 200, headers });
  }
  headers["content-encoding"] = "gzip";
  const bytes = byteStream(typeof body === "string" ? pieces(body) : body);
  const gzip = new CompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  return new Response(bytes.pipeThrough(gzip), { status: init.status ?? 200, headers });
}
