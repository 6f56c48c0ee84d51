import "server-only";
import { atMostEvery } from "@/lib/server/periodic";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { deleteExpiredKeys, deleteRunningKey, insertOrTakeOverKey, readLiveKey, storeKeyAnswer } from "@/lib/server/queries/idempotency";

// Idempotency keys of creating POSTs, kept in the database so that every app process
// shares them (docs/decisions/009-idempotency-keys.md). One row per user and key hash:
// inserted "running" (status null) by the request that claims it, completed with the
// first answer, deleted again when that request fails, so a retry may run it afresh.

export const IDEMPOTENCY = {
  /** How long a key and its answer are kept. */
  ttlSeconds: 24 * 60 * 60,
  /** A retry that finds the first request still running waits this long for its answer, then gets 409. */
  waitMs: 10_000,
  pollMs: 50,
  /**
   * A key still "running" after this long belongs to a process that died mid-request: a retry with
   * the same request may run it again. Far longer than any request (an import of 20 MB takes seconds).
   */
  abandonedAfterSeconds: 5 * 60,
  /** At most one bounded sweep of expired keys a minute per process. */
  sweepIntervalMs: 60_000,
  sweepBatch: 1_000,
};

export interface IdempotencyRequest {
  userId: string;
  /** The method and path, e.g. "POST /api/v1/debates/abc/nodes": a key counts per route. */
  route: string;
  /** The client's Idempotency-Key. Only its hash is stored. */
  key: string;
  /** A hash of the whole request (lib/http/idempotency.ts): the same key with another request is refused. */
  requestHash: string;
}

export type Claim =
  /** This request runs; call completeIdempotencyKey or releaseIdempotencyKey after it. */
  | { kind: "claimed" }
  /** An earlier request with this key answered: answer the same. */
  | { kind: "replay"; status: number; body: string }
  /** The key was used for another request. */
  | { kind: "mismatch" }
  /** The first request is still running after waitMs. */
  | { kind: "busy" };

const keyHashOf = (r: IdempotencyRequest) => createHash("sha256").update(`${r.route}\n${r.key}`).digest("hex");

/**
 * Claims the key for this request, or finds what an earlier request with it answered (waiting
 * for it while it runs). A concurrent request with the same key waits on the row the first one
 * inserted: the primary key lets exactly one insert win, on PGlite and PostgreSQL alike.
 */
export async function claimIdempotencyKey(r: IdempotencyRequest, options: { waitMs?: number } = {}): Promise<Claim> {
  const keyHash = keyHashOf(r);
  const deadline = Date.now() + (options.waitMs ?? IDEMPOTENCY.waitMs);
  for (;;) {
    // Inserts the key, or takes over a row that expired (not swept yet) or was abandoned by a dead process.
    const claimed = await insertOrTakeOverKey(
      { userId: r.userId, keyHash, requestHash: r.requestHash },
      { ttlSeconds: IDEMPOTENCY.ttlSeconds, abandonedAfterSeconds: IDEMPOTENCY.abandonedAfterSeconds },
    );
    await sweepWhenDue();
    if (claimed) return { kind: "claimed" };

    const row = await readLiveKey(r.userId, keyHash);
    if (!row) continue; // released or expired in between: try to claim it again
    if (row.requestHash !== r.requestHash) return { kind: "mismatch" };
    if (row.status !== null && row.body !== null) return { kind: "replay", status: row.status, body: decrypt(r, Buffer.from(row.body)) };
    if (Date.now() >= deadline) return { kind: "busy" };
    await new Promise((resolve) => setTimeout(resolve, IDEMPOTENCY.pollMs));
  }
}

/** Stores the first answer of a claimed key; retries replay it until the key expires. */
export async function completeIdempotencyKey(r: IdempotencyRequest, status: number, body: string): Promise<void> {
  await storeKeyAnswer(r.userId, keyHashOf(r), status, encrypt(r, body));
}

/** Forgets a claimed key whose request failed (it created nothing), so that a retry runs again. */
export async function releaseIdempotencyKey(r: IdempotencyRequest): Promise<void> {
  await deleteRunningKey(r.userId, keyHashOf(r));
}

// The stored answer can hold a secret (a new API token's, shown once): it is encrypted with a
// key derived from the client's Idempotency-Key, which the database never sees, so a copy of
// the database does not reveal it (clients should send random keys, e.g. UUIDs).
function cipherKey(r: IdempotencyRequest): Buffer {
  return Buffer.from(hkdfSync("sha256", r.key, `${r.userId}\n${r.route}`, "builder-breaker idempotent response", 32));
}

function encrypt(r: IdempotencyRequest, text: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", cipherKey(r), iv);
  const sealed = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

function decrypt(r: IdempotencyRequest, stored: Buffer): string {
  const decipher = createDecipheriv("aes-256-gcm", cipherKey(r), stored.subarray(0, 12));
  decipher.setAuthTag(stored.subarray(12, 28));
  return Buffer.concat([decipher.update(stored.subarray(28)), decipher.final()]).toString("utf8");
}

const sweepWhenDue = atMostEvery(IDEMPOTENCY.sweepIntervalMs, "idempotency", () => sweepExpiredIdempotencyKeys());

/** Deletes up to `batch` expired keys; returns how many. */
export async function sweepExpiredIdempotencyKeys(batch = IDEMPOTENCY.sweepBatch): Promise<number> {
  return deleteExpiredKeys(batch);
}
