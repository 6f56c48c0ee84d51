import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/domain/actor";
import { resolveActor } from "@/lib/http/actor";
import { errorResponse } from "@/lib/http/errors";
import { assertSameOrigin, clientIp, readJsonBody, DEFAULT_MAX_BODY_BYTES } from "@/lib/http/request";
import { enforce, rateRules, type RateRule } from "@/lib/server/auth/rate-limit";
import { AppError, unauthenticated } from "@/lib/domain/errors";
import type { Contract, Encodable } from "@/lib/contracts/define";
import { claimIdempotencyKey, settleIdempotencyKey, type ClaimedKey } from "@/lib/http/idempotency";
import { log, requestIdFrom, withRequestLog } from "@/lib/server/log";
import { largeJson } from "@/lib/http/large-json";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

interface RouteOptions {
  maxBodyBytes?: number;
  /** Per-user limits of this route, counted (with the general rateRules.writesPerUser) before the body is read. */
  rateLimits?: RateRule[];
  /**
   * The handler's own statement counts rateRules.writesPerUser (posting a move does, in the
   * statement that reads its context, so the hottest write stays two statements).
   */
  writeBudgetInHandler?: true;
  /**
   * Where the answer is checked against the contract's response schema. "always" (the default);
   * "outside-production" for the two 10,000-node reads (tree, overview), where parsing and checking
   * 6–9 MB costs 140–270 ms, more than the read itself (docs/api.md, "Response checks"): there
   * tests and `next dev` check every answer, production sends it unchecked.
   */
  responseCheck?: "always" | "outside-production";
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : S extends undefined ? undefined : never;
type ParsedOr<S, Empty> = S extends z.ZodType ? z.output<S> : Empty;

/** JSON text built elsewhere (the database builds the tree's): sent as is, checked like any body. */
export class JsonText {
  constructor(
    /** The JSON, or its UTF-8 bytes in parts sent one after the other (shared bytes are sent, not copied). */
    readonly text: string | readonly Uint8Array[],
    /** The answer's validator (ETag), sent with it. */
    readonly etag?: string,
  ) {}
}

/** A value as JSON text with its validator (ETag). */
export function jsonText(data: unknown, etag?: string): JsonText {
  return new JsonText(toJsonText(data), etag);
}

type HandlerResult<C extends Contract> = C["status"] extends 204
  ? void
  : C["response"] extends z.ZodType
    ? Encodable<z.output<C["response"]>> | JsonText | Response
    : Response;

interface HandlerInput<C extends Contract> {
  actor: C["auth"] extends "required" ? Actor : Actor | null;
  params: ParsedOr<C["params"], Record<string, never>>;
  body: Parsed<C["body"]>;
  query: ParsedOr<C["query"], Record<string, never>>;
  request: Request;
  ip: string;
}

/** Whether this route's answers are checked against the contract's response schema (see RouteOptions). */
const checksResponses = (options: RouteOptions) => options.responseCheck !== "outside-production" || process.env.NODE_ENV !== "production";

/**
 * Every API route goes through here with its contract (lib/contracts): resolve the actor (bearer
 * token or session), refuse cross-site cookie mutations, count writes against the rate limits,
 * parse params, query and the capped body with the contract's schemas, call the handler (which
 * calls one lib/server function), then check its answer against the contract's response schema
 * and send it with the contract's status. Errors become `{ error: {...} }`.
 */
export function apiRoute<C extends Contract>(contract: C, handler: (input: HandlerInput<C>) => Promise<HandlerResult<C>>): (request: Request, context: RouteContext) => Promise<Response>;
export function apiRoute<C extends Contract>(contract: C, options: RouteOptions, handler: (input: HandlerInput<C>) => Promise<HandlerResult<C>>): (request: Request, context: RouteContext) => Promise<Response>;
export function apiRoute<C extends Contract>(
  contract: C,
  optionsOrHandler: RouteOptions | ((input: HandlerInput<C>) => Promise<HandlerResult<C>>),
  maybeHandler?: (input: HandlerInput<C>) => Promise<HandlerResult<C>>,
) {
  const options = typeof optionsOrHandler === "function" ? {} : optionsOrHandler;
  const handler = typeof optionsOrHandler === "function" ? optionsOrHandler : maybeHandler!;
  return withRequestId(async function route(request: Request, context: RouteContext): Promise<Response> {
    let idempotencyKey: ClaimedKey | undefined;
    try {
      const actor = await resolveActor(request);
      if (contract.auth === "required" && !actor) throw unauthenticated();
      const mutating = !["GET", "HEAD", "OPTIONS"].includes(request.method);
      // CSRF rides on cookies: a request that carries none (a script signing up) has nothing to forge.
      if (mutating && actor?.via !== "token" && request.headers.has("cookie")) assertSameOrigin(request);
      // Every write of a signed-in user counts, refused or not; signed-out writes (sign-up) have their own limits.
      if (mutating && actor) {
        const budget = options.writeBudgetInHandler ? [] : [rateRules.writesPerUser];
        for (const rule of [...budget, ...(options.rateLimits ?? [])]) await enforce(rule, actor.id);
      }
      // A creating POST (contract.idempotent): a retried Idempotency-Key answers the first success. Signed-in requests only.
      if (contract.idempotent && actor) {
        const claim = await claimIdempotencyKey(request, actor.id, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
        if (claim instanceof Response) return claim; // the first answer, replayed
        idempotencyKey = claim;
      }

      const rawParams = context?.params ? await context.params : {};
      const params = contract.params ? contract.params.parse(rawParams) : rawParams;
      const url = new URL(request.url);
      const query = contract.query ? contract.query.parse(Object.fromEntries(url.searchParams)) : {};
      const body = contract.body ? contract.body.parse(await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)) : undefined;

      const result = await handler({ actor, params, body, query, request, ip: clientIp(request.headers) } as HandlerInput<C>);
      return await settleIdempotencyKey(idempotencyKey, respond(contract, result, checksResponses(options)));
    } catch (error) {
      return await settleIdempotencyKey(idempotencyKey, errorResponse(error));
    }
  });
}

/**
 * Gives each request an id (the caller's x-request-id when it is a safe token, else a new UUID),
 * runs the route with a logger that stamps it on every line (lib/server/log.ts), logs one line per
 * request, and answers with the id in x-request-id so a user or a proxy can quote it.
 */
function withRequestId(route: (request: Request, context: RouteContext) => Promise<Response>) {
  return (request: Request, context: RouteContext): Promise<Response> => {
    const requestId = requestIdFrom(request.headers);
    return withRequestLog(requestId, async () => {
      const started = performance.now();
      const response = withHeader(await route(request, context), "x-request-id", requestId);
      const ms = Math.round(performance.now() - started);
      log().info({ method: request.method, path: new URL(request.url).pathname, status: response.status, ms }, "request");
      return response;
    });
  };
}

function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    // Immutable headers (Response.redirect, a fetched response): copy the response around its body.
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

function respond(contract: Contract, result: unknown, check: boolean): Response {
  // Downloads and streams (export, agenda as CSV) build their own response.
  if (result instanceof Response) return result;
  if (contract.status === 204) return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  const text = result instanceof JsonText ? result.text : toJsonText(result);
  if (contract.response && check) assertMatches(contract, contract.response, typeof text === "string" ? text : Buffer.concat(text).toString("utf8"));
  if (typeof text !== "string" || (result instanceof JsonText && result.etag)) return largeJson(text, { status: contract.status, etag: result instanceof JsonText ? result.etag : undefined });
  return new Response(text, { status: contract.status, headers: JSON_HEADERS });
}

/** The wire form is what is checked: dates as ISO strings, exactly as the client will read them. */
function assertMatches(contract: Contract, schema: z.ZodType, text: string): void {
  const checked = schema.safeParse(JSON.parse(text));
  if (checked.success) return;
  // The client gets the usual INTERNAL answer; the log names the operation and the mismatch.
  throw new AppError("INTERNAL", "Something went wrong on our side", {
    cause: new Error(`The ${contract.operationId} response does not match its contract: ${JSON.stringify(checked.error.issues.slice(0, 5))}`),
  });
}

function toJsonText(data: unknown): string {
  return JSON.stringify(data, (_key, value: unknown) => (typeof value === "bigint" ? Number(value) : value));
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(toJsonText(data), { status, headers: { ...JSON_HEADERS, ...headers } });
}
