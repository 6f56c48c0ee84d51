import "server-only";
import { z } from "zod";
import { sessionCookieName } from "@/lib/server/auth/origin";
import { rateRules, type RateRule } from "@/lib/server/auth/rate-limit";
import { errorStatus, type ErrorCode } from "@/lib/domain/errors";
import { allContracts, type Contract } from "@/lib/contracts";
import { errorCodes } from "@/lib/contracts/define";
import { errorBodySchema, errorCodeSchema } from "@/lib/contracts/common";
import { IDEMPOTENCY_KEY_PATTERN } from "@/lib/http/idempotency";

// The OpenAPI document for /api/v1, generated from the contracts (lib/contracts) that the
// routes parse with and check their answers against, so the two cannot drift. A test checks
// that every route file under app/api/v1 has a contract listed here.

type RateLimitDoc = { rule: RateRule; per: "user" | "client address" };

/**
 * Rate limits that count a route (lib/server/auth/rate-limit.ts), by operationId, besides the general
 * per-user write budget every signed-in write counts against (added by routeRateLimits): documented
 * as a 429 response with Retry-After.
 */
export const rateLimitDocs: Partial<Record<string, RateLimitDoc[]>> = {
  signUp: [{ rule: rateRules.signUpPerIp, per: "client address" }],
  createToken: [{ rule: rateRules.tokensPerUser, per: "user" }],
  resetPassword: [{ rule: rateRules.resetPasswordPerIp, per: "client address" }],
  forgotPassword: [{ rule: rateRules.forgotPasswordPerIp, per: "client address" }],
  changePassword: [{ rule: rateRules.passwordChangePerUser, per: "user" }],
  createNode: [{ rule: rateRules.movesPerUser, per: "user" }, { rule: rateRules.writesPerIp, per: "client address" }],
  editNode: [{ rule: rateRules.editsPerUser, per: "user" }],
  importDebate: [{ rule: rateRules.importsPerUser, per: "user" }, { rule: rateRules.importsPerIp, per: "client address" }],
};

/** An error answer whose code is one of `codes` (all of one HTTP status). */
function errorResponseDoc(codes: ErrorCode[]) {
  return {
    description: `Error: ${codes.join(", ")}`,
    content: {
      "application/json": {
        schema: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { type: "string", enum: codes }, message: { type: "string" }, details: { description: "Field errors (VALIDATION), a position (import), retryAfterSeconds (RATE_LIMITED)…" } },
            },
          },
        },
      },
    },
  };
}

function windowText(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "minute" : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** Every limit that counts a route: apiRoute counts each signed-in write against rateRules.writesPerUser. */
export function routeRateLimits(contract: Contract): RateLimitDoc[] {
  const signedInWrite = contract.method !== "GET" && contract.auth !== "none";
  return [...(signedInWrite ? [{ rule: rateRules.writesPerUser, per: "user" as const }] : []), ...(rateLimitDocs[contract.operationId] ?? [])];
}

/** The 429 response of a rate-limited route, quoting its rules (defaults; RATE_LIMIT_MULTIPLIER scales them). */
function rateLimitedResponse(limits: RateLimitDoc[]) {
  const rules = limits.map(({ rule, per }) => `${rule.limit} per ${windowText(rule.windowSeconds)} per ${per}`).join(", ");
  const perIp = limits.some((l) => l.per === "client address")
    ? " The client address is the connection's, or with TRUST_PROXY the one the proxy names."
    : "";
  return {
    ...errorResponseDoc(["RATE_LIMITED"]),
    description: `Too many requests: at most ${rules}.${perIp} Retry after the Retry-After seconds.`,
    headers: { "Retry-After": { description: "Seconds until the window resets", schema: { type: "integer", minimum: 1 } } },
  };
}

function jsonSchema(schema: z.ZodType, io: "input" | "output" = "input") {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function parameters(contract: Contract) {
  const pathSchema = contract.params ? jsonSchema(contract.params) : { properties: {} };
  const pathProps = (pathSchema.properties ?? {}) as Record<string, unknown>;
  const path = [...contract.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1]!, in: "path", required: true, schema: pathProps[m[1]!] ?? { type: "string" } }));
  if (!contract.query) return path;
  const query = jsonSchema(contract.query);
  const required = new Set((query.required ?? []) as string[]);
  const props = (query.properties ?? {}) as Record<string, Record<string, unknown>>;
  return [
    ...path,
    ...Object.entries(props).map(([name, schema]) => ({
      name, in: "query", required: required.has(name), schema, ...(typeof schema.description === "string" ? { description: schema.description } : {}),
    })),
  ];
}

function requestBody(contract: Contract) {
  if (contract.body) {
    const example = contract.example?.request;
    return { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(contract.body), ...(example ? { example } : {}) } } } };
  }
  if (contract.rawBody) {
    const content = Object.fromEntries(contract.rawBody.contentTypes.map((type) => [type, { schema: { type: "string", description: contract.rawBody!.description } }]));
    return { requestBody: { required: true, description: contract.rawBody.description, content } };
  }
  return {};
}

const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Send a fresh random key (a UUID) with a creating request; a retry with the same key and the same request answers the first success again (same status and body, header Idempotent-Replayed: true) and creates nothing twice, also when the two race. Kept 24 hours per user and route. The same key with a different request: 422 IDEMPOTENCY_KEY_REUSED; while the first request still runs (after a wait of up to 10 s): 409 IDEMPOTENCY_KEY_IN_USE with Retry-After. Errors are not kept: a retry after one runs afresh.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN.source },
};

function successResponse(contract: Contract) {
  if (contract.status === 204) return { "204": { description: "Done; no body" } };
  const content: Record<string, unknown> = {};
  if (contract.response) {
    const example = contract.example?.response;
    content["application/json"] = { schema: jsonSchema(contract.response, "output"), ...(example ? { example } : {}) };
  }
  for (const other of contract.otherContent ?? []) {
    content[other.type] ??= { schema: other.schema ? { ...jsonSchema(other.schema, "output"), description: other.description } : { type: "string", description: other.description } };
  }
  return { [String(contract.status)]: { description: contract.status === 201 ? "Created" : "OK", content } };
}

function errorResponses(contract: Contract) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(contract)) {
    if (code === "RATE_LIMITED") continue;
    byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  }
  const limits = routeRateLimits(contract);
  const rateLimited = errorCodes(contract).includes("RATE_LIMITED")
    ? { "429": limits.length > 0 ? rateLimitedResponse(limits) : errorResponseDoc(["RATE_LIMITED"]) }
    : {};
  return { ...Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, codes]) => [String(status), errorResponseDoc(codes)])), ...rateLimited };
}

export const API_DESCRIPTION = [
  "Structured builder/breaker debates. Authenticate with a session cookie (browser; mutations must come from the app's own origin) or `Authorization: Bearer <personal access token>`.",
  "",
  "Conventions (docs/api.md): a success body is a JSON object whose keys name what it holds — one resource under its name (`{ \"debate\": {…} }`, `{ \"node\": {…} }`), a list under its plural (`{ \"debates\": […] }`), a composite read as its named parts (the overview, members and role changes). An action with nothing to report answers 204 with no body.",
  "Paged lists carry `nextCursor`: an opaque string (null on the last page) to send back as `?cursor=`; never build or parse one.",
  "Errors are `{ \"error\": { \"code\", \"message\", \"details\"? } }`; each operation lists the codes it can answer with. Timestamps are ISO 8601 strings in UTC.",
].join("\n");

/** `sessionCookie`: the name next-auth gives the cookie in this deployment (prefixed under https). */
export function openApiDocument(contracts: readonly Contract[] = allContracts, sessionCookie = sessionCookieName()) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const contract of contracts) {
    (paths[contract.path] ??= {})[contract.method.toLowerCase()] = {
      operationId: contract.operationId,
      summary: contract.summary,
      tags: [contract.tag],
      security: contract.auth === "required" ? [{ bearer: [] }, { session: [] }] : contract.auth === "optional" ? [{}, { bearer: [] }, { session: [] }] : [],
      parameters: [...parameters(contract), ...(contract.idempotent ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : [])],
      ...requestBody(contract),
      responses: { ...successResponse(contract), ...errorResponses(contract) },
      "x-error-codes": errorCodes(contract),
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Builder/Breaker API", version: "1", description: API_DESCRIPTION },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Personal access token (bb_...)" },
        session: { type: "apiKey", in: "cookie", name: sessionCookie },
      },
      schemas: { Error: jsonSchema(errorBodySchema, "output"), ErrorCode: jsonSchema(errorCodeSchema, "output") },
      parameters: { IdempotencyKey: idempotencyKeyParameter },
    },
    paths,
  };
}

/** Every route as (lowercase method, path, auth), for tests that walk them all. */
export const routeDocs = allContracts.map((contract) => ({
  method: contract.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete",
  path: contract.path,
  auth: contract.auth,
  contract,
}));
