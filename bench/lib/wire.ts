// Reads a URL over node:http without decoding the body, so the bytes counted are the
// bytes on the wire (gzip or not); resolves when the body has ended.
import http from "node:http";

export interface WireRead {
  ms: number;
  status: number;
  /** Bytes received (after any Content-Encoding). */
  wireBytes: number;
  encoding: string | null;
}

export function wireGet(url: string, headers: Record<string, string> = {}, timeoutMs = 600_000): Promise<WireRead> {
  const u = new URL(url);
  if (u.hostname !== "127.0.0.1" && u.hostname !== "localhost") throw new Error(`bench requests stay on loopback, not ${u.hostname}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent: false, timeout: timeoutMs, headers }, (response) => {
      let wireBytes = 0;
      response.on("data", (chunk: Buffer) => (wireBytes += chunk.length));
      response.on("error", reject);
      response.on("end", () =>
        resolve({ ms: performance.now() - started, status: response.statusCode ?? 0, wireBytes, encoding: (response.headers["content-encoding"] as string | undefined) ?? null }),
      );
    });
    request.on("timeout", () => request.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    request.on("error", reject);
  });
}
