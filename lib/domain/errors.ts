// One application error. Expected failures carry a code that maps to an HTTP
// status and a message safe to show; anything else is masked as INTERNAL.

export const errorStatus = {
  BAD_REQUEST: 400,
  VALIDATION: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // Idempotency-Key (lib/http/idempotency.ts): reused for another request; its first request still running.
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_IN_USE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options?: { details?: unknown; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options?.details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what = "Not found") => new AppError("NOT_FOUND", what);
export const forbidden = (why = "You may not do that") => new AppError("FORBIDDEN", why);
export const conflict = (why: string, details?: unknown) => new AppError("CONFLICT", why, { details });
export const badRequest = (why: string, details?: unknown) => new AppError("BAD_REQUEST", why, { details });
export const unauthenticated = (why = "Sign in or send a valid bearer token") =>
  new AppError("UNAUTHENTICATED", why);
