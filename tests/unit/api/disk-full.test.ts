// A full disk is the operator's problem, not a bug: 503 with a message that says so, not a
// masked 500 (issue #18). The shapes are the ones that arrive: PGlite through Prisma (seen in
// tests/integration/faults/disk-full.test.ts), the raw driver errors of the hot paths, ENOSPC.
import { describe, expect, it } from "vitest";
import { errorResponse, isDiskFullError, toAppError } from "@/lib/http/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { expectConsoleError } from "@/tests/setup/console";

const pgliteViaPrisma = () =>
  new Prisma.PrismaClientKnownRequestError("Invalid `db.apiToken.create()` invocation: Database error. Code: `53100`.", {
    code: "P2039",
    clientVersion: "test",
    meta: {
      modelName: "ApiToken",
      driverAdapterError: Object.assign(new Error("DriverAdapterError"), {
        cause: { originalCode: "53100", kind: "postgres", code: "53100", message: 'could not extend file "base/5/16523"', hint: "Check free disk space." },
      }),
    },
  });

describe("disk-full errors map to 503 UNAVAILABLE", () => {
  it.each([
    ["PGlite through Prisma (P2039 carrying SQLSTATE 53100)", pgliteViaPrisma()],
    ["disk_full from the driver", Object.assign(new Error('could not extend file "base/5/1": wrote only 4096 of 8192 bytes'), { code: "53100" })],
    ["insufficient_resources", Object.assign(new Error("out of shared memory"), { code: "53000" })],
    ["No space left on device in the message", new Error('could not write to file "pg_wal/xlogtemp.1": No space left on device')],
    ["a file-system ENOSPC", Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28 })],
    ["ENOSPC as the cause of a wrapper", new Error("write failed", { cause: Object.assign(new Error("write"), { code: "ENOSPC" }) })],
  ])("%s", async (_label, error) => {
    expect(isDiskFullError(error)).toBe(true);
    const appError = toAppError(error);
    expect(appError.code).toBe("UNAVAILABLE");
    expect(appError.message).toMatch(/disk is full/);
    const consoleError = expectConsoleError();
    const res = errorResponse(error);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("UNAVAILABLE");
    expect(body.error.message).not.toMatch(/base\/5|53100|Prisma|invocation/);
    expect(consoleError).toHaveBeenCalled();
  });

  it("leaves other errors alone", () => {
    expect(isDiskFullError(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDiskFullError(new Error("53100 rows"))).toBe(false);
    expect(toAppError(new Prisma.PrismaClientKnownRequestError("x", { code: "P2039", clientVersion: "test", meta: { driverAdapterError: { cause: { code: "22P05" } } } })).code).toBe("INTERNAL");
  });
});
