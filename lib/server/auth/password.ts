import "server-only";
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

// scrypt (RFC 7914) from Node's own crypto: a vetted memory-hard KDF with no
// native add-on to build. Each hash carries its parameters (`scrypt$N$r$p$salt$key`),
// so older hashes keep verifying and are upgraded at the next sign-in (needsRehash).
const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP's current scrypt guidance (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1.
 * One hash takes ~0.4 s of one core and 128 MiB on the reference machine (docs/security.md);
 * it runs on libuv's thread pool, not on the event loop.
 */
export const CURRENT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
// Hashes with more work than this are refused rather than computed (a tampered row must not exhaust memory).
const MAX_N = 2 ** 20;

/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is below that for N = 2^17, so pass twice the need. */
const maxmemFor = (params: ScryptParams) => 128 * params.N * params.r * 2;

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...params, maxmem: maxmemFor(params) });
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, saltText, keyText, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !saltText || !keyText || rest.length) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const valid = Number.isInteger(params.N) && params.N > 1 && params.N <= MAX_N && (params.N & (params.N - 1)) === 0
    && Number.isInteger(params.r) && params.r >= 1 && params.r <= 32 && Number.isInteger(params.p) && params.p >= 1 && params.p <= 16;
  return valid ? { params, salt: Buffer.from(saltText, "base64url"), key: Buffer.from(keyText, "base64url") } : null;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await scrypt(password.normalize("NFKC"), parsed.salt, parsed.key.length, {
    ...parsed.params,
    maxmem: maxmemFor(parsed.params),
  });
  return actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
}

/** True when a stored hash was made with other parameters than today's: rehash it after a successful check. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.params.N !== CURRENT_PARAMS.N || parsed.params.r !== CURRENT_PARAMS.r || parsed.params.p !== CURRENT_PARAMS.p;
}

// Verifying against this keeps "unknown user" as slow as "wrong password": it is made
// with CURRENT_PARAMS, the cost of every up-to-date hash.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password-" + randomBytes(8).toString("hex"));
  await verifyPassword(password, await dummyHash);
}
