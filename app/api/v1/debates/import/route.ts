import { apiRoute } from "@/lib/http/route";
import { readTextBody } from "@/lib/http/request";
import { AppError } from "@/lib/domain/errors";
import { IMPORT_MAX_BYTES, IMPORT_MAX_MB, importDebateText } from "@/lib/server/transfer/import";
import { IMPORT_CONTENT_TYPES, importDebate } from "@/lib/contracts/transfer";

const ACCEPTED = new RegExp(`^(${IMPORT_CONTENT_TYPES.map((t) => t.replace(/[/+.]/g, "\\$&")).join("|")})\\b`, "i");

// The file is the raw request body (not JSON-wrapped), at most 20 MB.
export const POST = apiRoute(importDebate, { maxBodyBytes: IMPORT_MAX_BYTES }, async ({ actor, query, request, ip }) => {
  const type = request.headers.get("content-type") ?? "";
  if (!ACCEPTED.test(type)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the file as the body with Content-Type application/json or text/plain");
  let text: string;
  try {
    text = await readTextBody(request, IMPORT_MAX_BYTES);
  } catch (error) {
    if (error instanceof AppError && error.code === "PAYLOAD_TOO_LARGE") {
      throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the ${IMPORT_MAX_MB} MB import limit`, { details: { maxBytes: IMPORT_MAX_BYTES } });
    }
    throw error;
  }
  if (text.trim() === "") throw new AppError("BAD_REQUEST", "The file is empty");
  // Rate-limited per user (and per client address behind a trusted proxy) inside, before parsing.
  const { report, ...debate } = await importDebateText(actor, text, query.format, { visibility: query.visibility, ip, jsonBody: /^application\/json\b/i.test(type) });
  return { debate, report };
});
