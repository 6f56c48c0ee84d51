import { ZodError, z } from "zod";
import { AppError, errorStatus, type ErrorCode } from "@/lib/domain/errors";
import { Prisma } from "@/lib/generated/prisma/client";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

// "not queryable": pg's error for a pooled client whose connection died while a request was using it
// (seen when PostgreSQL stops under load). SQLSTATE class 08 and 57P01-57P03 are connection losses too.
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|DatabaseNotReachable|Can't reach database|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection|Client has encountered a connection error|is not queryable/i;
const CONNECTION_SQLSTATE = /^(08\d{3}|57P0[123])$/;
// A full disk: PostgreSQL's disk_full (53100) and insufficient_resources (53000), which PGlite raises
// too ("could not extend file …: No space left on device"; Prisma wraps it as P2039 with the SQLSTATE
// in meta.driverAdapterError.cause.code), and a bare ENOSPC from the file system.
const DISK_FULL_SQLSTATE = new Set(["53100", "53000"]);
const DISK_FULL_TEXT = /ENOSPC|No space left on device/i;

/** Maps any thrown value to a safe `{ error: { code, message, details? } }`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError("VALIDATION", "Some fields are invalid", { details: z.flattenError(error) });
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2002") return new AppError("CONFLICT", "That already exists", { cause: error });
    if (error.code === "P2025") return new AppError("NOT_FOUND", "Not found", { cause: error });
    if (error.code === "P2034") return new AppError("CONFLICT", "Another change happened at the same time; retry", { cause: error });
    if (error.code === "P1001" || error.code === "P1017") return unavailable(error);
  }
  if (isDiskFullError(error)) {
    return new AppError("UNAVAILABLE", "The server's disk is full, so nothing was saved; try again once the operator has freed space", { cause: error });
  }
  if (isConnectionError(error)) return unavailable(error);
  return new AppError("INTERNAL", "Something went wrong on our side", { cause: error });
}

function unavailable(cause: unknown) {
  return new AppError("UNAVAILABLE", "The database is unavailable right now; try again shortly", { cause });
}

export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, i = 0; e && i < 5; i++) {
    const code = (e as { code?: unknown }).code;
    const text = e instanceof Error ? `${e.name} ${e.message} ${typeof code === "string" ? code : ""}` : String(e);
    if (CONNECTION_ERROR.test(text) || (typeof code === "string" && CONNECTION_SQLSTATE.test(code))) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}

export function isDiskFullError(error: unknown): boolean {
  for (let e: unknown = error, i = 0; e && typeof e === "object" && i < 6; i++) {
    const { code, message, meta, cause } = e as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    if (typeof code === "string" && (DISK_FULL_SQLSTATE.has(code) || code === "ENOSPC")) return true;
    if (typeof message === "string" && DISK_FULL_TEXT.test(message)) return true;
    e = meta?.driverAdapterError ?? cause;
  }
  return false;
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL" || appError.code === "UNAVAILABLE") {
    console.error("[api]", appError.code, error);
  }
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details === undefined ? {} : { details: appError.details }),
    },
  };
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  const retry = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if ((appError.code === "RATE_LIMITED" || appError.code === "IDEMPOTENCY_KEY_IN_USE") && retry) headers["retry-after"] = String(retry);
  if (appError.code === "UNAVAILABLE") headers["retry-after"] = "5";
  return new Response(JSON.stringify(body), { status: errorStatus[appError.code], headers });
}
