import { describe, expect, it } from "vitest";
import { isConnectionError, toAppError } from "@/lib/http/errors";

// Errors seen when PostgreSQL stops under load (tests/integration/faults/postgres-down.test.ts):
// all of them must become 503 UNAVAILABLE, not 500 INTERNAL.
describe("connection errors map to UNAVAILABLE", () => {
  it.each([
    new Error("Client has encountered a connection error and is not queryable"),
    new Error("Connection terminated unexpectedly"),
    new Error("terminating connection due to administrator command"),
    Object.assign(new Error("server closed the connection"), { code: "57P01" }),
    Object.assign(new Error("connection failure"), { code: "08006" }),
    new Error("wrapped", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }) }),
  ])("%s", (error) => {
    expect(isConnectionError(error)).toBe(true);
    expect(toAppError(error).code).toBe("UNAVAILABLE");
  });

  it("leaves other errors (even with similar digits in the message) INTERNAL", () => {
    expect(toAppError(new Error("value 08001 is out of range")).code).toBe("INTERNAL");
    expect(toAppError(Object.assign(new Error("duplicate"), { code: "23505" })).code).toBe("INTERNAL");
  });
});
