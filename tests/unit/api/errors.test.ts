// lib/http/errors.ts: every thrown value becomes a safe { error: { code, message, details? } }.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorResponse, isConnectionError, toAppError } from "@/lib/http/errors";
import { AppError, errorStatus } from "@/lib/domain/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { expectConsoleError, loggedErrors } from "@/tests/setup/console";

async function respond(error: unknown) {
  const res = errorResponse(error);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as { error: { code: string; message: string; details?: unknown } } };
}

const prismaError = (code: string, message = `Prisma error ${code}`, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: "test", meta });

describe("errorResponse", () => {
  it.each(Object.entries(errorStatus).filter(([code]) => code !== "INTERNAL" && code !== "UNAVAILABLE"))(
    "AppError %s → %i with its message and details",
    async (code, status) => {
      const r = await respond(new AppError(code as keyof typeof errorStatus, `Message for ${code}`, { details: { field: "x" } }));
      expect(r.status).toBe(status);
      expect(r.body).toEqual({ error: { code, message: `Message for ${code}`, details: { field: "x" } } });
      expect(r.headers.get("content-type")).toMatch(/^application\/json/);
      expect(r.headers.get("cache-control")).toBe("no-store");
    },
  );

  it("omits details when there are none", async () => {
    expect((await respond(new AppError("NOT_FOUND", "No such debate"))).body).toEqual({ error: { code: "NOT_FOUND", message: "No such debate" } });
  });

  it("RATE_LIMITED carries Retry-After", async () => {
    const r = await respond(new AppError("RATE_LIMITED", "Slow down", { details: { retryAfterSeconds: 42 } }));
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("42");
  });

  it("a ZodError → 422 VALIDATION with fieldErrors per field", async () => {
    const schema = z.object({ title: z.string().min(1, "Give it a title"), n: z.number().int() });
    const result = schema.safeParse({ title: "", n: 1.5 });
    const r = await respond(result.error);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("VALIDATION");
    expect(r.body.error.details).toEqual({ formErrors: [], fieldErrors: { title: ["Give it a title"], n: [expect.any(String)] } });
  });

  it("Prisma P2002 (unique) → 409 without constraint or column names", async () => {
    const r = await respond(prismaError("P2002", "Unique constraint failed on the fields: (`email`)", { target: ["email"] }));
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ error: { code: "CONFLICT", message: "That already exists" } });
    expect(r.text).not.toMatch(/email|constraint/i);
  });

  it("Prisma P2025 → 404, P2034 (write conflict) → 409", async () => {
    expect((await respond(prismaError("P2025"))).status).toBe(404);
    expect((await respond(prismaError("P2034"))).body.error.code).toBe("CONFLICT");
  });

  it("an unknown error → 500 with a generic message: no stack, SQL or internals in the body, logged on the server", async () => {
    const consoleError = expectConsoleError();
    const secret = new Error('relation "User" does not exist: SELECT "passwordHash" FROM "User" WHERE id = $1');
    const r = await respond(secret);
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: { code: "INTERNAL", message: "Something went wrong on our side" } });
    expect(r.text).not.toMatch(/SELECT|passwordHash|relation|at .*\.ts|Error:/);
    const [line] = loggedErrors(consoleError);
    expect(line).toMatchObject({ level: "error", code: "INTERNAL", err: { type: "Error", message: secret.message, stack: expect.stringContaining("errors.test.ts") } });
  });

  it("a Prisma error with an unmapped code and raw-query failures are 500 and masked", async () => {
    expectConsoleError();
    for (const error of [prismaError("P2010", 'Raw query failed. Code: `42601`. Message: `syntax error at or near "DROP"`'), "a string", null, { weird: true }]) {
      const r = await respond(error);
      expect(r.status).toBe(500);
      expect(r.text).not.toMatch(/DROP|syntax|weird/);
    }
  });

  it.each([
    ["ECONNREFUSED code", Object.assign(new Error("connect failed"), { code: "ECONNREFUSED" })],
    ["pg: Connection terminated", new Error("Connection terminated unexpectedly")],
    ["pool timeout", new Error("timeout exceeded when trying to connect")],
    ["server shutting down", new Error("FATAL: the database system is shutting down")],
    ["cause chain", new Error("query failed", { cause: new Error("x", { cause: Object.assign(new Error("socket"), { code: "ECONNRESET" }) }) })],
    ["Prisma P1001", prismaError("P1001", "Can't reach database server")],
    ["Prisma P1017", prismaError("P1017", "Server has closed the connection")],
  ])("connection error (%s) → 503 UNAVAILABLE with Retry-After", async (_name, error) => {
    const consoleError = expectConsoleError();
    const r = await respond(error);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ error: { code: "UNAVAILABLE", message: expect.stringMatching(/database is unavailable/) } });
    expect(r.headers.get("retry-after")).toBe("5");
    expect(consoleError).toHaveBeenCalled();
  });
});

describe("toAppError / isConnectionError", () => {
  it("passes an AppError through unchanged and keeps the cause of mapped errors", () => {
    const app = new AppError("FORBIDDEN", "No");
    expect(toAppError(app)).toBe(app);
    const p = prismaError("P2002");
    expect(toAppError(p).cause).toBe(p);
  });

  it("does not mistake ordinary errors for connection errors, and stops on cause cycles", () => {
    expect(isConnectionError(new Error("Unique constraint failed"))).toBe(false);
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isConnectionError(a)).toBe(false);
  });
});
