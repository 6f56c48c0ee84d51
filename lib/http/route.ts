import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/domain/actor";
import { resolveActor } from "@/lib/http/actor";
import { errorResponse } from "@/lib/http/errors";
import { assertSameOrigin, clientIp, readJsonBody, DEFAULT_MAX_BODY_BYTES } from "@/lib/http/request";
import { enforce, rateRules, type RateRule } from "@/lib/server/auth/rate-limit";
import { unauthenticated } from "@/lib/domain/errors";
import { claimIdempotencyKey, settleIdempotencyKey, type ClaimedKey } from "@/lib/http/idempotency";
import { log, requestIdFrom, withRequestLog } from "@/lib/server/log";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

interface RouteConfig<TParams, TBody, TQuery, TAuth extends boolean> {
  /** true: 401 without a session or token. */
  auth: TAuth;
  params?: z.ZodType<TParams>;
  body?: z.ZodType<TBody>;
  query?: z.ZodType<TQuery>;
  maxBodyBytes?: number;
  /** Per-user limits of this route, counted (with the general rateRules.writesPerUser) before the body is read. */
  rateLimits?: RateRule[];
  /**
   * The handler's own statement counts rateRules.writesPerUser (posting a move does, in the
   * statement that reads its context, so the hottest write stays two statements).
   */
  writeBudgetInHandler?: true;
  /**
   * A creating POST: a client's Idempotency-Key makes a retry answer the first success
   * instead of creating twice (lib/http/idempotency.ts). Signed-in requests only.
   */
  idempotent?: true;
}

interface HandlerInput<TParams, TBody, TQuery, TAuth extends boolean> {
  actor: TAuth extends true ? Actor : Actor | null;
  params: TParams;
  body: TBody;
  query: TQuery;
  request: Request;
  ip: string;
}

/**
 * Every API route goes through here: resolve the actor (bearer token or session),
 * refuse cross-site cookie mutations, count writes against the rate limits, cap and
 * parse the body with zod, then call the handler, which calls one lib/ function.
 * Errors become `{ error: {...} }`.
 */
export function apiRoute<TParams = Record<string, never>, TBody = undefined, TQuery = Record<string, never>, TAuth extends boolean = true>(
  config: RouteConfig<TParams, TBody, TQuery, TAuth>,
  handler: (input: HandlerInput<TParams, TBody, TQuery, TAuth>) => Promise<unknown>,
) {
  return withRequestId(async function route(request: Request, context: RouteContext): Promise<Response> {
    let idempotencyKey: ClaimedKey | undefined;
    try {
      const actor = await resolveActor(request);
      if (config.auth && !actor) throw unauthenticated();
      const mutating = !["GET", "HEAD", "OPTIONS"].includes(request.method);
      // CSRF rides on cookies: a request that carries none (a script signing up) has nothing to forge.
      if (mutating && actor?.via !== "token" && request.headers.has("cookie")) assertSameOrigin(request);
      // Every write of a signed-in user counts, refused or not; signed-out writes (sign-up) have their own limits.
      if (mutating && actor) {
        const budget = config.writeBudgetInHandler ? [] : [rateRules.writesPerUser];
        for (const rule of [...budget, ...(config.rateLimits ?? [])]) await enforce(rule, actor.id);
      }
      if (config.idempotent && actor) {
        const claim = await claimIdempotencyKey(request, actor.id, config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
        if (claim instanceof Response) return claim; // the first answer, replayed
        idempotencyKey = claim;
      }

      const rawParams = context?.params ? await context.params : {};
      const params = (config.params ? config.params.parse(rawParams) : rawParams) as TParams;
      const url = new URL(request.url);
      const query = (config.query ? config.query.parse(Object.fromEntries(url.searchParams)) : {}) as TQuery;
      const body = (config.body
        ? config.body.parse(await readJsonBody(request, config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES))
        : undefined) as TBody;

      const result = await handler({
        actor: actor as HandlerInput<TParams, TBody, TQuery, TAuth>["actor"],
        params,
        body,
        query,
        request,
        ip: clientIp(request.headers),
      });
      if (result instanceof Response) return await settleIdempotencyKey(idempotencyKey, result);
      return await settleIdempotencyKey(idempotencyKey, json(result ?? { ok: true }));
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

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data, (_key, value: unknown) => (typeof value === "bigint" ? Number(value) : value)), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export const created = (data: unknown) => json(data, 201);
