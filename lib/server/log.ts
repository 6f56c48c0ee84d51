import "server-only";
// One logger for the server: JSON lines on stdout at LOG_LEVEL. Code running inside an API
// request (lib/http/route.ts apiRoute) gets a child logger that stamps every line with the
// request's id, through AsyncLocalStorage, so services deep down need no logger parameter:
// they call log().
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { pino, type DestinationStream, type Logger } from "pino";
import { env, type Env } from "@/lib/server/env";

export type { Logger };
export type LogLevel = Env["LOG_LEVEL"];

interface RequestLogContext {
  requestId: string;
  log: Logger;
}

// On globalThis: Next may load this module once per route bundle, and dev reloads modules;
// one root logger and one request store per process either way.
const state = globalThis as typeof globalThis & {
  __bbLogRoot?: Logger;
  __bbLogRequests?: AsyncLocalStorage<RequestLogContext>;
};
const requests = (state.__bbLogRequests ??= new AsyncLocalStorage<RequestLogContext>());

/** A logger writing JSON lines to `destination` (stdout by default). Tests pass a stream to read the lines. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined, // no pid/hostname on every line
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

function rootLogger(): Logger {
  return (state.__bbLogRoot ??= createLogger(env().LOG_LEVEL));
}

/** Replaces the process logger (tests capture lines this way); returns a function that puts the old one back. */
export function setRootLogger(logger: Logger): () => void {
  const previous = state.__bbLogRoot;
  state.__bbLogRoot = logger;
  return () => {
    state.__bbLogRoot = previous;
  };
}

/** The logger for the current code: the request's child logger inside an API request, else the root. */
export function log(): Logger {
  return requests.getStore()?.log ?? rootLogger();
}

/** The id of the API request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}

// What we accept from a caller's x-request-id: a short token that cannot break a log line or a header.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when it is a safe token, else a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Runs `fn` with a child logger carrying `requestId` on every line. */
export function withRequestLog<T>(requestId: string, fn: () => T): T {
  return requests.run({ requestId, log: rootLogger().child({ requestId }) }, fn);
}
