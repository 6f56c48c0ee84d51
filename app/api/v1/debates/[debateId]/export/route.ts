import { apiRoute } from "@/lib/http/route";
import { exportDebateFor, textStream } from "@/lib/server/transfer/export";
import { exportDebate } from "@/lib/contracts/transfer";

// Streams the export: the first chunk is produced before the response starts,
// so a missing debate, a private one (404) or a root outside it is a normal error response.
export const GET = apiRoute(exportDebate, async ({ actor, params, query }) => {
  const result = await exportDebateFor(actor, params.debateId, query.format, query.root, {
    roundTrip: query.roundTrip === "1" || query.roundTrip === "true",
  });
  const first = await result.chunks.next();
  const headers: Record<string, string> = {
    "content-type": result.contentType,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
    // The SVG has no scripts; this makes sure nothing served here could run any, even
    // opened directly (next.config.js leaves this route's CSP to this line).
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; sandbox",
  };
  if (query.download === "1" || query.download === "true") headers["content-disposition"] = `attachment; filename="${result.filename}"`;
  return new Response(textStream(result.chunks, first), { status: 200, headers });
});
