import type { z } from "zod";
import type { ErrorCode } from "@/lib/domain/errors";

// One contract per /api/v1 endpoint: what it takes and what it answers. The route
// (lib/http/route.ts) parses with it and checks its answer against it, the OpenAPI
// document (lib/http/openapi.ts) is generated from it, and the browser's client
// (lib/client/api.ts) takes its argument and result types from it.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Contract {
  operationId: string;
  method: HttpMethod;
  /** Relative to /api/v1, with `{param}` placeholders. */
  path: string;
  summary: string;
  tag: "accounts" | "debates" | "members" | "tree" | "pruning" | "empirical" | "live" | "exports" | "rounds";
  /** required: 401 without a session or token; optional: signed-out readers see public debates. */
  auth: "required" | "optional" | "none";
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON request body. */
  body?: z.ZodType;
  /** A request body that is not JSON (the import file). */
  rawBody?: { contentTypes: readonly string[]; description: string };
  /** Status of a success. */
  status: 200 | 201 | 204;
  /** The JSON success body; absent for 204 and for answers that are never JSON. */
  response?: z.ZodType;
  /** Other success content types (downloads, event streams), besides JSON. */
  otherContent?: readonly { type: string; description: string; schema?: z.ZodType }[];
  /** Errors this endpoint raises itself (not found, conflict…); errorCodes() adds the ones every route can give. */
  errors: readonly ErrorCode[];
  /**
   * A creating POST that honours Idempotency-Key: a retry with the same key answers the first
   * success instead of creating twice (apiRoute, lib/http/idempotency.ts; docs/decisions/009).
   */
  idempotent?: true;
  example?: { request?: unknown; response?: unknown };
}

export function defineContract<const C extends Contract>(contract: C): C {
  return contract;
}

/** Every error code an endpoint can answer with, its own and those apiRoute adds. */
export function errorCodes(contract: Contract): ErrorCode[] {
  const codes = new Set<ErrorCode>(contract.errors);
  const mutating = contract.method !== "GET";
  if (contract.params || contract.query || contract.body) codes.add("VALIDATION");
  if (contract.body || contract.rawBody) ["BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE"].forEach((c) => codes.add(c as ErrorCode));
  if (contract.auth === "required") codes.add("UNAUTHENTICATED");
  // Cookie mutations from another origin are refused; signed-in writes count against rate limits.
  if (mutating) codes.add("FORBIDDEN");
  if (mutating || contract.auth === "none") codes.add("RATE_LIMITED");
  if (contract.idempotent) ["IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_KEY_IN_USE"].forEach((c) => codes.add(c as ErrorCode));
  codes.add("INTERNAL");
  codes.add("UNAVAILABLE");
  return [...codes];
}

type Out<S> = S extends z.ZodType ? z.output<S> : never;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

/** The success body of a contract as the client reads it. */
export type ResponseOf<C extends Contract> = C["response"] extends z.ZodType ? Out<C["response"]> : C["status"] extends 204 ? void : unknown;
export type ParamsOf<C extends Contract> = In<C["params"]>;
export type QueryOf<C extends Contract> = In<C["query"]>;
export type BodyOf<C extends Contract> = In<C["body"]>;

/**
 * What the server may hand over for a wire shape T: a Date where the wire has an ISO string, a bigint
 * where it has a number (JSON.stringify turns them into those). Services declare their results with it.
 */
export type Encodable<T> = T extends string
  ? string extends T ? string | Date : T
  : T extends number
    ? number | bigint
    : T extends readonly (infer E)[]
      ? readonly Encodable<E>[]
      : T extends object
        ? { [K in keyof T]: Encodable<T[K]> }
        : T;

/** The server-side shape of a contract's response (or of one of its named parts). */
export type ServerResponse<C extends Contract> = C["response"] extends z.ZodType ? Encodable<z.output<C["response"]>> : never;
