// A tiny round-robin HTTP reverse proxy on loopback, for scale-out tests.
// It keeps the client's Host header (so same-origin checks see the public
// host), records which backend served each request, and honours an
// `x-test-backend: <index>` request header to pin one request to a backend.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Hop = { method: string; path: string; backend: number; status: number };

export type Proxy = { url: string; port: number; hops: Hop[]; close(): Promise<void> };

export async function startProxy(backends: string[], port = 0): Promise<Proxy> {
  let next = 0;
  const hops: Hop[] = [];
  const server = http.createServer((req, res) => {
    const pinned = Number(req.headers["x-test-backend"]);
    const index = Number.isInteger(pinned) && pinned >= 0 && pinned < backends.length ? pinned : next++ % backends.length;
    const target = new URL(req.url ?? "/", backends[index]);
    const headers: http.OutgoingHttpHeaders = { ...req.headers, "x-forwarded-proto": "http" };
    delete headers["x-test-backend"];
    const upstream = http.request(target, { method: req.method, headers, timeout: 15_000 }, (up) => {
      hops.push({ method: req.method ?? "GET", path: req.url ?? "/", backend: index, status: up.statusCode ?? 0 });
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("timeout", () => upstream.destroy(new Error("upstream timeout")));
    upstream.on("error", (e) => {
      hops.push({ method: req.method ?? "GET", path: req.url ?? "/", backend: index, status: 502 });
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`proxy: ${e.message}`);
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    hops,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
