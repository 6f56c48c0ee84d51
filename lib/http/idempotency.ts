import "server-only";
import { readCapped } from "@/lib/http/request";
import { log } from "@/lib/server/log";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/domain/errors";
import {
  claimIdempotencyKey as claimStoredKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  type IdempotencyRequest,
} from "@/lib/server/idempotency";

// The Idempotency-Key header of creating POSTs (apiRoute's `idempotent` option; docs/api.md,
// docs/decisions/009-idempotency-keys.md). The keys live in the database (lib/server/idempotency.ts).

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
/** Opaque, 1-255 characters: letters, digits and marks that need no quoting anywhere (UUIDs, ULIDs, base64 fit). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:~+/=-]{1,255}$/;

/** A key this request holds: settle it with the request's answer. */
export type ClaimedKey = IdempotencyRequest;

/**
 * Before the handler runs. Without the header: undefined (nothing to do). With it: the
 * first answer to the same key and request, replayed (a Response with
 * `Idempotent-Replayed: true`), waiting for it while the first request still runs; or the
 * key, now held by this request. Throws 400 on a malformed key, 422
 * IDEMPOTENCY_KEY_REUSED when the key came with another request, 409
 * IDEMPOTENCY_KEY_IN_USE when the first request is still running after a wait.
 */
export async function claimIdempotencyKey(request: Request, userId: string, maxBodyBytes: number): Promise<Response | ClaimedKey | undefined> {
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new AppError("BAD_REQUEST", "Idempotency-Key must be 1 to 255 characters: letters, digits and - _ . : ~ + / =");
  }
  const requestHash = await hashRequest(request, maxBodyBytes);
  // Over the size cap: the route refuses the body anyway, and there is nothing to remember.
  if (requestHash === null) return undefined;

  const claimed: ClaimedKey = { userId, route: `${request.method} ${new URL(request.url).pathname}`, key, requestHash };
  const claim = await claimStoredKey(claimed);
  switch (claim.kind) {
    case "claimed":
      return claimed;
    case "replay":
      return new Response(claim.body, {
        status: claim.status,
        headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "idempotent-replayed": "true" },
      });
    case "mismatch":
      throw new AppError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used for a different request; send a new key with a new request");
    case "busy":
      throw new AppError("IDEMPOTENCY_KEY_IN_USE", "A request with this Idempotency-Key is still running; retry shortly", {
        details: { retryAfterSeconds: 1 },
      });
  }
}

/**
 * After the handler: a success is stored for retries to replay; any other answer created
 * nothing, so the key is released and a retry runs afresh (after a 429, say, it may succeed).
 */
export async function settleIdempotencyKey(claimed: ClaimedKey | undefined, response: Response): Promise<Response> {
  if (!claimed) return response;
  if (response.status < 200 || response.status >= 300) {
    try {
      await releaseIdempotencyKey(claimed);
    } catch (error) {
      log().error({ err: error }, "[idempotency] releasing the key of a failed request failed");
    }
    return response;
  }
  const body = await response.text();
  try {
    await completeIdempotencyKey(claimed, response.status, body);
  } catch (error) {
    // The creation happened: answer it. Retries get 409 until the key counts as abandoned.
    log().error({ err: error }, "[idempotency] storing the answer failed");
  }
  return new Response(body, { status: response.status, headers: response.headers });
}

/**
 * sha256 of what makes two requests the same: method, path, query, content type and body
 * (read from a clone, so the handler still reads the original). null over `maxBytes`.
 */
async function hashRequest(request: Request, maxBytes: number): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return null;
  const url = new URL(request.url);
  const hash = createHash("sha256").update(`${request.method} ${url.pathname}${url.search}\n${request.headers.get("content-type") ?? ""}\n`);
  const body = request.clone().body;
  if (body && !(await readCapped(body, maxBytes, (chunk) => hash.update(chunk)))) return null;
  return hash.digest("hex");
}
