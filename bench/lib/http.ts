// Small HTTP helpers over Node's fetch (undici), and a lean keep-alive client for
// load loops: loopback only, every request bounded by a timeout.
import http from "node:http";

export interface Timed {
  ms: number;
  status: number;
  bytes: number;
  text: string;
}

function assertLoopback(url: string) {
  const u = new URL(url);
  if (u.hostname !== "127.0.0.1" && u.hostname !== "localhost") throw new Error(`bench requests stay on loopback, not ${u.hostname}`);
}

export async function timedFetch(url: string, init: RequestInit = {}, timeoutMs = 30_000): Promise<Timed> {
  assertLoopback(url);
  const started = performance.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  return { ms: performance.now() - started, status: res.status, bytes: Buffer.byteLength(text), text };
}

export async function expectOk(url: string, init: RequestInit = {}, status = 200): Promise<Timed> {
  const r = await timedFetch(url, init);
  if (r.status !== status) throw new Error(`${init.method ?? "GET"} ${url} answered ${r.status} (wanted ${status}): ${r.text.slice(0, 300)}`);
  return r;
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/**
 * A load generator's client: node:http over keep-alive connections (as autocannon and
 * wrk do). The benchmarks share two cores with the server under test, and undici's
 * fetch cost the generator ~1 ms of CPU per request there (bench/README.md).
 */
export function keepAliveClient(maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    post(url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Timed> {
      assertLoopback(url);
      const payload = JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const request = http.request(
          url,
          { method: "POST", agent, timeout: timeoutMs, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("error", reject);
            response.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              resolve({ ms: performance.now() - started, status: response.statusCode ?? 0, bytes: Buffer.byteLength(text), text });
            });
          },
        );
        request.on("timeout", () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: "TimeoutError" })));
        request.on("error", reject);
        request.end(payload);
      });
    },
    /** GET, reading the body as bytes (not decoded, as curl does); throws unless the status is 200. */
    get(url: string, timeoutMs = 30_000): Promise<{ ms: number; bytes: number }> {
      assertLoopback(url);
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const request = http.get(url, { agent, timeout: timeoutMs }, (response) => {
          let bytes = 0;
          response.on("data", (chunk: Buffer) => (bytes += chunk.length));
          response.on("error", reject);
          response.on("end", () => {
            if (response.statusCode !== 200) reject(new Error(`GET ${url} answered ${response.statusCode}`));
            else resolve({ ms: performance.now() - started, bytes });
          });
        });
        request.on("timeout", () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: "TimeoutError" })));
        request.on("error", reject);
      });
    },
    close: () => agent.destroy(),
  };
}
