import "server-only";
import { isIPv6 } from "node:net";
import { stampedPeerAddress } from "@/lib/http/peer-address";
import { UNKNOWN_CLIENT } from "@/lib/server/auth/rate-limit";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/domain/errors";

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * The client address for per-client limits. Without TRUST_PROXY: the socket's
 * address, stamped by this server process (lib/http/peer-address.ts); forwarded
 * headers are ignored, since `next start` passes a client-sent X-Forwarded-For
 * through unchanged. With TRUST_PROXY: the proxy's X-Forwarded-For (first hop)
 * or X-Real-IP. IPv6 addresses count by their /64 network (one host usually
 * holds a whole /64); IPv4-mapped IPv6 addresses count as IPv4.
 */
export function clientIp(headers: Pick<Headers, "get">, trustProxy = env().TRUST_PROXY): string {
  const address = trustProxy
    ? headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip")?.trim()
    : stampedPeerAddress(headers);
  return address ? addressBucket(address) : UNKNOWN_CLIENT;
}

export function addressBucket(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (isIPv6(plain)) return `${expandIPv6(plain).slice(0, 4).join(":")}::/64`;
  return plain.slice(0, 64);
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros ("2001:db8::1" → 2001, db8, 0, …, 1). */
function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("%")[0]!.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((g) => (g.includes(".") ? g : String(parseInt(g, 16).toString(16))));
}

/**
 * Cookie-authenticated mutations must come from our own pages. Browsers always
 * send Origin on POST/PATCH/DELETE fetches; Sec-Fetch-Site is the fallback.
 */
export function assertSameOrigin(request: Request, trustProxy = env().TRUST_PROXY): void {
  const origin = request.headers.get("origin");
  if (origin) {
    const forwardedHost = trustProxy ? request.headers.get("x-forwarded-host") : null;
    const host = forwardedHost ?? request.headers.get("host");
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError("FORBIDDEN", "Cross-site request refused");
    }
    if (!host || originHost !== host) throw new AppError("FORBIDDEN", "Cross-site request refused");
    return;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return;
  throw new AppError("FORBIDDEN", "Cross-site request refused: missing Origin header");
}

/** Reads a JSON body with a size cap, without trusting Content-Length alone. */
export async function readJsonBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  }
  const text = await readTextBody(request, maxBytes);
  if (text.trim() === "") throw new AppError("BAD_REQUEST", "The request body is empty");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON", {
      details: { parser: error instanceof Error ? error.message : String(error) },
    });
  }
}

/**
 * Reads a body chunk by chunk, stopping (and cancelling the stream) as soon as it passes `maxBytes`:
 * a client cannot make the server hold more than the cap. False when it was too large.
 */
export async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number, onChunk: (chunk: Uint8Array) => void): Promise<boolean> {
  const reader = body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return false;
    }
    onChunk(value);
  }
}

export async function readTextBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  if (!(await readCapped(request.body, maxBytes, (chunk) => chunks.push(chunk)))) throw tooLarge(maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid UTF-8");
  }
}

function tooLarge(maxBytes: number) {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${Math.round(maxBytes / 1024)} KB`);
}
