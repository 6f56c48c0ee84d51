// lib/http/request.ts: same-origin checks, capped JSON body reading, client IP.
import { describe, expect, it } from "vitest";
import { channel } from "node:diagnostics_channel";
import { addressBucket, assertSameOrigin, clientIp, readJsonBody, readTextBody } from "@/lib/http/request";
import { installPeerAddressStamp, PEER_HEADER } from "@/lib/http/peer-address";
import { UNKNOWN_CLIENT } from "@/lib/server/auth/rate-limit";
import { AppError } from "@/lib/domain/errors";

function req(headers: Record<string, string>, body?: BodyInit | null, method = "POST") {
  return new Request("http://app.example/api/v1/x", { method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

async function asyncCodeOf(fn: () => Promise<unknown>): Promise<{ code: string; error?: AppError }> {
  try {
    await fn();
    return { code: "ok" };
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, error: e };
    throw e;
  }
}

/** A streamed body (no Content-Length) of `chunks` chunks of `size` bytes; records how far it was read. */
function streamed(chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= chunks) return controller.close();
      state.pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe("assertSameOrigin", () => {
  it.each([
    ["matching Origin and Host", { origin: "http://app.example", host: "app.example" }, "ok"],
    ["matching Origin and X-Forwarded-Host (trusted proxy)", { origin: "https://public.example", host: "internal:3000", "x-forwarded-host": "public.example" }, "ok"],
    ["foreign Origin", { origin: "https://evil.example", host: "app.example" }, "FORBIDDEN"],
    ["same host, other port", { origin: "http://app.example:8080", host: "app.example" }, "FORBIDDEN"],
    ["a look-alike host", { origin: "http://app.example.evil.example", host: "app.example" }, "FORBIDDEN"],
    ["opaque Origin: null", { origin: "null", host: "app.example" }, "FORBIDDEN"],
    ["Origin without a Host header", { origin: "http://app.example" }, "FORBIDDEN"],
    ["no Origin, Sec-Fetch-Site same-origin", { host: "app.example", "sec-fetch-site": "same-origin" }, "ok"],
    ["no Origin, Sec-Fetch-Site none (typed URL)", { host: "app.example", "sec-fetch-site": "none" }, "ok"],
    ["no Origin, Sec-Fetch-Site same-site", { host: "app.example", "sec-fetch-site": "same-site" }, "FORBIDDEN"],
    ["no Origin, Sec-Fetch-Site cross-site", { host: "app.example", "sec-fetch-site": "cross-site" }, "FORBIDDEN"],
    ["neither Origin nor Sec-Fetch-Site", { host: "app.example" }, "FORBIDDEN"],
    ["foreign Origin wins over Sec-Fetch-Site same-origin", { origin: "https://evil.example", host: "app.example", "sec-fetch-site": "same-origin" }, "FORBIDDEN"],
  ] as const)("%s → %s", (_name, headers, expected) => {
    expect(codeOf(() => assertSameOrigin(req({ ...headers }), true))).toBe(expected);
  });

  it("ignores X-Forwarded-Host unless a trusted proxy sets it", () => {
    const headers = { origin: "https://public.example", host: "internal:3000", "x-forwarded-host": "public.example" };
    expect(codeOf(() => assertSameOrigin(req(headers), false))).toBe("FORBIDDEN");
  });
});

describe("readJsonBody", () => {
  it("parses a JSON body with a charset parameter", async () => {
    expect(await readJsonBody(req({ "content-type": "application/json; charset=utf-8" }, '{"a":[1,"é"]}'))).toEqual({ a: [1, "é"] });
  });

  it.each([["text/plain"], ["application/x-www-form-urlencoded"], ["multipart/form-data; boundary=x"], [""]])(
    "content-type %j → 415",
    async (type) => {
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      const r = new Request("http://app.example/x", { method: "POST", headers, body: "{}" });
      if (!type) r.headers.delete("content-type");
      const { code, error } = await asyncCodeOf(() => readJsonBody(r));
      expect(code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(error!.status).toBe(415);
    },
  );

  it("a declared Content-Length over the cap → 413 without reading the body", async () => {
    const { stream, state } = streamed(1000, 1024);
    const r = req({ "content-type": "application/json", "content-length": String(10 * 1024 * 1024) }, stream);
    const { code, error } = await asyncCodeOf(() => readJsonBody(r, 1024));
    expect(code).toBe("PAYLOAD_TOO_LARGE");
    expect(error!.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(1); // a stream may prefetch one chunk
  });

  it("a streamed body over the cap (no Content-Length) → 413, and reading stops early", async () => {
    const { stream, state } = streamed(1000, 1024);
    const { code } = await asyncCodeOf(() => readJsonBody(req({ "content-type": "application/json" }, stream), 4 * 1024));
    expect(code).toBe("PAYLOAD_TOO_LARGE");
    expect(state.pulled).toBeLessThan(10);
    expect(state.cancelled).toBe(true);
  });

  it("a Content-Length that understates the body does not get past the cap", async () => {
    const body = JSON.stringify({ pad: "x".repeat(5000) });
    const r = req({ "content-type": "application/json", "content-length": "10" }, body);
    expect((await asyncCodeOf(() => readJsonBody(r, 1024))).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("counts bytes, not characters, and accepts a body of exactly the cap", async () => {
    const exact = JSON.stringify("é".repeat(9)); // 2 quotes + 18 bytes = 20 bytes
    expect(new TextEncoder().encode(exact).byteLength).toBe(20);
    expect(await readJsonBody(req({ "content-type": "application/json" }, exact), 20)).toBe("é".repeat(9));
    expect((await asyncCodeOf(() => readJsonBody(req({ "content-type": "application/json" }, exact), 19))).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("invalid UTF-8 → 400", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"a":"\xff\xfe"}
    const { code, error } = await asyncCodeOf(() => readJsonBody(req({ "content-type": "application/json" }, bytes)));
    expect(code).toBe("BAD_REQUEST");
    expect(error!.message).toMatch(/UTF-8/);
  });

  it.each([["{not json"], ["{\"a\":1,}"], ["[1, 2"], ["undefined"]])("invalid JSON %j → 400", async (text) => {
    const { code, error } = await asyncCodeOf(() => readJsonBody(req({ "content-type": "application/json" }, text)));
    expect(code).toBe("BAD_REQUEST");
    expect(error!.status).toBe(400);
    expect(error!.message).toMatch(/not valid JSON/);
  });

  it("an empty body → 400", async () => {
    expect((await asyncCodeOf(() => readJsonBody(req({ "content-type": "application/json" }, "  \n")))).code).toBe("BAD_REQUEST");
    expect((await asyncCodeOf(() => readJsonBody(req({ "content-type": "application/json" }, null, "DELETE")))).code).toBe("BAD_REQUEST");
  });

  it("readTextBody returns the empty string for a request without a body", async () => {
    expect(await readTextBody(new Request("http://app.example/x"), 10)).toBe("");
  });
});

describe("clientIp", () => {
  it("behind a trusted proxy: the first X-Forwarded-For hop, then X-Real-IP, else 'unknown', capped at 64 characters", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1" }), true)).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.8" }), true)).toBe("203.0.113.8");
    expect(clientIp(new Headers({ "x-forwarded-for": "", "x-real-ip": "203.0.113.9" }), true)).toBe("203.0.113.9");
    expect(clientIp(new Headers(), true)).toBe(UNKNOWN_CLIENT);
    expect(clientIp(new Headers({ "x-forwarded-for": "a".repeat(200) }), true)).toHaveLength(64);
  });

  it("without a trusted proxy: the socket address this process stamped; forwarded headers and forged stamps are ignored", () => {
    installPeerAddressStamp();
    const stamped = (address: string) => {
      // What Node's request channel hands the subscriber; the subscriber writes the header.
      const request = { headers: { [PEER_HEADER]: "forged 198.51.100.1", "x-forwarded-for": "203.0.113.7" } as Record<string, string> };
      channel("http.server.request.start").publish({ request, socket: { remoteAddress: address } });
      return new Headers(request.headers);
    };
    expect(clientIp(stamped("192.0.2.10"), false)).toBe("192.0.2.10");
    expect(clientIp(stamped("::ffff:192.0.2.11"), false)).toBe("192.0.2.11");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8" }), false)).toBe(UNKNOWN_CLIENT);
    expect(clientIp(new Headers({ [PEER_HEADER]: "forged 198.51.100.1" }), false)).toBe(UNKNOWN_CLIENT);
    const proofOnly = stamped("192.0.2.12").get(PEER_HEADER)!.split(" ")[0]!;
    expect(clientIp(new Headers({ [PEER_HEADER]: `${proofOnly} ` }), false)).toBe(UNKNOWN_CLIENT);
    // next-auth hands authorize() the headers as a plain object: the same derivation applies.
    expect(clientIp(new Headers(Object.fromEntries(stamped("192.0.2.13"))), false)).toBe("192.0.2.13");
  });

  it("counts an IPv6 client by its /64 network", () => {
    expect(addressBucket("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0db8:0001:0002::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressBucket("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
  });
});
