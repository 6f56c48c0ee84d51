// Small HTTP helpers over Node's fetch (undici): loopback only, every request bounded by a timeout.

export interface Timed {
  ms: number;
  status: number;
  bytes: number;
  text: string;
}

export async function timedFetch(url: string, init: RequestInit = {}, timeoutMs = 30_000): Promise<Timed> {
  const u = new URL(url);
  if (u.hostname !== "127.0.0.1" && u.hostname !== "localhost") throw new Error(`bench requests stay on loopback, not ${u.hostname}`);
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
