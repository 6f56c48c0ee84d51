import "server-only";

// What a database error means, for the HTTP mapping (lib/http/errors.ts) and the start-up messages
// (lib/server/ops/start-errors.ts); both modes raise these through the same driver errors.
// "not queryable": pg's error for a pooled client whose connection died while a request was using it
// (seen when PostgreSQL stops under load). SQLSTATE class 08 and 57P01-57P03 are connection losses too.
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|DatabaseNotReachable|Can't reach database|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection|Client has encountered a connection error|is not queryable/i;
const CONNECTION_SQLSTATE = /^(08\d{3}|57P0[123])$/;
// A full disk: PostgreSQL's disk_full (53100) and insufficient_resources (53000), which PGlite raises
// too ("could not extend file …: No space left on device"; Prisma wraps it as P2039 with the SQLSTATE
// in meta.driverAdapterError.cause.code), and a bare ENOSPC from the file system.
const DISK_FULL_SQLSTATE = new Set(["53100", "53000"]);
const DISK_FULL_TEXT = /ENOSPC|No space left on device/i;

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
