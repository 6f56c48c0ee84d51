// Structured logs of API requests (lib/server/log.ts, lib/http/route.ts): one id per request, in the
// response header, on every log line the request writes, and in the body of a masked error, so a
// user's report can be matched to the stack. Real apiRoute, real Requests, the real pino logger
// writing into a stream this test reads. As in route.test.ts only next-auth's getServerSession (a
// third-party boundary that needs a Next request scope) answers "no session".
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/server/env";
import { createLogger, log, setRootLogger, type LogLevel } from "@/lib/server/log";

vi.hoisted(() => {
  process.env.NEXTAUTH_SECRET = "unit-test-secret-that-is-long-enough-000";
});
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => null),
}));

const { apiRoute } = await import("@/lib/http/route");

type Line = Record<string, unknown> & { level: string; msg: string; requestId?: string };

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** Sends the process logger's lines at `level` into an array for this test. */
function captureLogs(level: LogLevel): Line[] {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split("\n")) if (text) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  restore = setRootLogger(createLogger(level, sink));
  return lines;
}

const ctx = { params: Promise.resolve({}) };
const get = (headers: Record<string, string> = {}) => new Request("http://app.example/api/v1/things", { headers: { host: "app.example", ...headers } });

const failing = apiRoute({ auth: false }, async () => {
  log().info("about to fail"); // a line written deep inside the request, without passing a logger
  throw new TypeError("Cannot read properties of undefined (reading 'passwordHash')");
});
const fine = apiRoute({ auth: false }, async () => ({ ok: true }));

describe("request ids and request logs", () => {
  it("a failing handler: the header, the masked error body and every log line carry the same id; the error line has the stack", async () => {
    const lines = captureLogs("info");
    const res = await failing(get(), ctx);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    const id = res.headers.get("x-request-id");

    expect(res.status).toBe(500);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error).toEqual({ code: "INTERNAL", message: "Something went wrong on our side", requestId: id });
    expect(JSON.stringify(body)).not.toContain("passwordHash");

    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ["info", "about to fail"],
      ["error", "request failed"],
      ["info", "request"],
    ]);
    for (const line of lines) expect(line.requestId).toBe(id);
    const error = lines[1]!;
    expect(error).toMatchObject({ code: "INTERNAL", err: { type: "TypeError", message: expect.stringContaining("passwordHash") } });
    expect((error.err as { stack: string }).stack).toContain("request-log.test.ts");
    expect(lines[2]).toMatchObject({ method: "GET", path: "/api/v1/things", status: 500, ms: expect.any(Number) });
  });

  it("keeps a caller's safe x-request-id and replaces an unsafe one", async () => {
    const lines = captureLogs("info");
    const kept = await fine(get({ "x-request-id": "edge-42.a:b_c" }), ctx);
    expect(kept.headers.get("x-request-id")).toBe("edge-42.a:b_c");
    expect(lines.at(-1)).toMatchObject({ requestId: "edge-42.a:b_c", msg: "request", status: 200 });

    for (const unsafe of ["two words", "x".repeat(129), "a\"}{\"admin\":true", "é"]) {
      const res = await fine(get({ "x-request-id": unsafe }), ctx);
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("stamps the id on a Response the handler returns, even one with immutable headers", async () => {
    captureLogs("silent");
    const redirect = apiRoute({ auth: false }, async () => Response.redirect("http://app.example/elsewhere", 303));
    const res = await redirect(get({ "x-request-id": "redirect-1" }), ctx);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://app.example/elsewhere");
    expect(res.headers.get("x-request-id")).toBe("redirect-1");
  });

  it("two requests at once keep their own ids (AsyncLocalStorage, not a shared variable)", async () => {
    const lines = captureLogs("info");
    const slow = apiRoute({ auth: false }, async () => {
      await new Promise((r) => setTimeout(r, 20));
      log().info("slow done");
      return { ok: true };
    });
    const [a, b] = await Promise.all([slow(get({ "x-request-id": "req-a" }), ctx), fine(get({ "x-request-id": "req-b" }), ctx)]);
    expect([a.headers.get("x-request-id"), b.headers.get("x-request-id")]).toEqual(["req-a", "req-b"]);
    expect(lines.find((l) => l.msg === "slow done")?.requestId).toBe("req-a");
  });

  it("LOG_LEVEL=error keeps the error line and drops the info lines", async () => {
    const lines = captureLogs(parseEnv({ LOG_LEVEL: "error" }).LOG_LEVEL);
    await fine(get(), ctx);
    expect(lines).toEqual([]);
    const res = await failing(get(), ctx);
    expect(lines.map((l) => l.level)).toEqual(["error"]);
    expect(lines[0]!.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("LOG_LEVEL accepts pino's levels and silent, refuses others, and defaults to info", () => {
    expect(parseEnv({}).LOG_LEVEL).toBe("info");
    expect(parseEnv({ LOG_LEVEL: "silent" }).LOG_LEVEL).toBe("silent");
    expect(() => parseEnv({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
  });
});
