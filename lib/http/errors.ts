import "server-only";
import { ZodError, z } from "zod";
import { AppError, errorStatus, type ErrorCode } from "@/lib/domain/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { isConnectionError, isDiskFullError } from "@/lib/server/db/errors";
import { currentRequestId, log } from "@/lib/server/log";

export { isConnectionError, isDiskFullError };

export interface ErrorBody {
  /** requestId: on errors we log (INTERNAL, UNAVAILABLE), the id of the log line a user can quote. */
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

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

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  const logged = appError.code === "INTERNAL" || appError.code === "UNAVAILABLE";
  // Inside apiRoute the line carries the request's id; the body names it so a report can be matched to the stack.
  if (logged) log().error({ code: appError.code, err: error }, "request failed");
  const requestId = logged ? currentRequestId() : undefined;
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details === undefined ? {} : { details: appError.details }),
      ...(requestId === undefined ? {} : { requestId }),
    },
  };
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  const retry = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if ((appError.code === "RATE_LIMITED" || appError.code === "IDEMPOTENCY_KEY_IN_USE") && retry) headers["retry-after"] = String(retry);
  if (appError.code === "UNAVAILABLE") headers["retry-after"] = "5";
  return new Response(JSON.stringify(body), { status: errorStatus[appError.code], headers });
}
