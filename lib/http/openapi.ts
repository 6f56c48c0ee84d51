import "server-only";
import { z } from "zod";
import { sessionCookieName } from "@/lib/server/auth/origin";
import { rateRules, type RateRule } from "@/lib/server/auth/rate-limit";
import * as debate from "@/lib/domain/debate/validation";
import * as users from "@/lib/domain/users/validation";
import * as transfer from "@/lib/contracts/transfer";
import * as empirical from "@/lib/domain/empirical/validation";
import { IDEMPOTENCY_KEY_PATTERN } from "@/lib/http/idempotency";
import { activityQuery } from "@/lib/server/live/activity";
import { listNotificationsQuery, markReadBody } from "@/lib/server/notifications/service";

// The OpenAPI document for /api/v1, built from the same zod schemas the
// handlers parse with, so the two cannot drift. A test checks that every
// route file under app/api/v1 is listed here.

type Method = "get" | "post" | "put" | "patch" | "delete";

export interface RouteDoc {
  method: Method;
  path: string;
  summary: string;
  auth: "required" | "optional" | "none";
  body?: z.ZodType;
  query?: z.ZodType;
  tag: string;
  /**
   * Rate limits that count this route (lib/server/auth/rate-limit.ts), besides the general per-user write
   * budget every signed-in write counts against (added by routeRateLimits): documented as a 429
   * response with Retry-After.
   */
  rateLimits?: { rule: RateRule; per: "user" | "client address" }[];
  /** A creating POST that honours Idempotency-Key (apiRoute's `idempotent` option). */
  idempotent?: true;
}

const empty = z.object({});

export const routeDocs: RouteDoc[] = [
  { method: "post", path: "/auth/signup", summary: "Create an account", auth: "none", body: users.signUpSchema, tag: "accounts", rateLimits: [{ rule: rateRules.signUpPerIp, per: "client address" }] },
  { method: "get", path: "/me", summary: "Your profile", auth: "required", tag: "accounts" },
  { method: "patch", path: "/me", summary: "Change your display name", auth: "required", body: users.updateProfileSchema, tag: "accounts" },
  { method: "delete", path: "/me", summary: "Delete your account (password accounts confirm with the password; own no debates first); your moves stay as \"deleted user\" unless removeMoves removes those nothing depends on", auth: "required", body: users.deleteAccountSchema, tag: "accounts" },
  { method: "get", path: "/me/tokens", summary: "List your personal access tokens", auth: "required", tag: "accounts" },
  { method: "post", idempotent: true, path: "/me/tokens", summary: "Create a token (the secret is in this response only)", auth: "required", body: users.createTokenSchema, tag: "accounts", rateLimits: [{ rule: rateRules.tokensPerUser, per: "user" }] },
  { method: "delete", path: "/me/tokens/{tokenId}", summary: "Revoke a token", auth: "required", tag: "accounts" },
  { method: "post", path: "/auth/reset-password", summary: "Set a new password with a one-time reset secret (signs the account out everywhere)", auth: "none", body: users.resetPasswordSchema, tag: "accounts", rateLimits: [{ rule: rateRules.resetPasswordPerIp, per: "client address" }] },
  { method: "post", path: "/auth/forgot-password", summary: "Mail a one-time reset link (only with SMTP_URL; the same answer whether or not the account exists)", auth: "none", body: users.forgotPasswordSchema, tag: "accounts", rateLimits: [{ rule: rateRules.forgotPasswordPerIp, per: "client address" }] },
  { method: "post", path: "/me/password", summary: "Change your password (needs the current one; signs out your other sessions)", auth: "required", body: users.changePasswordSchema, tag: "accounts", rateLimits: [{ rule: rateRules.passwordChangePerUser, per: "user" }] },
  { method: "get", path: "/me/sessions", summary: "Your signed-in browser sessions", auth: "required", tag: "accounts" },
  { method: "delete", path: "/me/sessions", summary: "Sign out everywhere (every browser session; API tokens stay valid)", auth: "required", tag: "accounts" },
  { method: "delete", path: "/me/sessions/{sessionId}", summary: "Sign out one session", auth: "required", tag: "accounts" },
  { method: "get", path: "/me/email-digest", summary: "Whether you get e-mailed digests of unread notifications", auth: "required", tag: "accounts" },
  { method: "put", path: "/me/email-digest", summary: "Turn e-mailed notification digests on or off (sent only when the server has SMTP_URL)", auth: "required", body: users.notificationSettingsSchema, tag: "accounts" },
  { method: "get", path: "/me/revisit", summary: "Pruned branches across your debates", auth: "required", tag: "pruning" },
  { method: "get", path: "/me/agenda", summary: "Open empirical cruxes across your debates (json, csv or markdown)", auth: "required", query: empirical.agendaQuerySchema, tag: "empirical" },
  { method: "get", path: "/me/notifications", summary: "Your notifications", auth: "required", query: listNotificationsQuery, tag: "accounts" },
  { method: "post", path: "/me/notifications/read", summary: "Mark notifications read", auth: "required", body: markReadBody, tag: "accounts" },

  { method: "get", path: "/debates", summary: "List debates (public, mine, joined) with search", auth: "optional", query: debate.debateListQuerySchema, tag: "debates" },
  { method: "post", idempotent: true, path: "/debates", summary: "Create a debate with its proposal (v1)", auth: "required", body: debate.createDebateSchema, tag: "debates" },
  { method: "get", path: "/debates/{debateId}", summary: "A debate with its versions and your membership", auth: "optional", tag: "debates" },
  { method: "patch", path: "/debates/{debateId}", summary: "Change settings (owner; stuckAfterDays: owner or moderators)", auth: "required", body: debate.updateDebateSchema, tag: "debates" },
  { method: "delete", path: "/debates/{debateId}", summary: "Delete the debate and everything in it (owner); members are notified", auth: "required", tag: "debates" },
  { method: "post", path: "/debates/{debateId}/transfer", summary: "Hand the debate to another current member (owner); the old owner stays as a moderator", auth: "required", body: debate.transferOwnershipSchema, tag: "members" },
  { method: "post", path: "/debates/{debateId}/leave", summary: "Leave the debate (any member but the owner); your moves stay", auth: "required", tag: "members" },
  { method: "get", path: "/debates/{debateId}/overview", summary: "Tree, scoreboard, frontier, revisit list and stuck signal in one response", auth: "optional", tag: "debates" },
  { method: "get", path: "/debates/{debateId}/tree", summary: "Every node (flat, parents before children), or a subtree with ?root=", auth: "optional", tag: "tree" },
  { method: "get", path: "/debates/{debateId}/search", summary: "Full-text search inside a debate", auth: "optional", query: debate.searchQuerySchema, tag: "tree" },
  { method: "post", path: "/debates/{debateId}/join", summary: "Join with a side (private debates need the invite code)", auth: "required", body: debate.joinDebateSchema, tag: "members" },
  { method: "put", path: "/debates/{debateId}/side", summary: "Switch side (recorded)", auth: "required", body: debate.switchSideSchema, tag: "members" },
  { method: "get", path: "/debates/{debateId}/members", summary: "Members and the history of side switches", auth: "optional", tag: "members" },
  { method: "post", idempotent: true, path: "/debates/{debateId}/members", summary: "Invite by username (owner, moderators)", auth: "required", body: debate.inviteMemberSchema, tag: "members" },
  { method: "patch", path: "/debates/{debateId}/members/{userId}", summary: "Appoint or demote a moderator (owner)", auth: "required", body: debate.setMemberRoleSchema, tag: "members" },
  { method: "delete", path: "/debates/{debateId}/members/{userId}", summary: "Remove a member (owner)", auth: "required", tag: "members" },
  { method: "post", path: "/debates/{debateId}/invite-code", summary: "Rotate the invite link", auth: "required", body: empty, tag: "members" },
  { method: "get", path: "/debates/{debateId}/versions", summary: "Proposal versions", auth: "optional", tag: "tree" },
  { method: "get", path: "/debates/{debateId}/versions/{number}", summary: "One proposal version with a word diff to the previous one (`rewritten: true` instead when the texts are too different to compare within 200 ms: the old text removed, the new one added)", auth: "optional", tag: "tree" },
  {
    method: "post",
    path: "/debates/{debateId}/nodes",
    idempotent: true,
    summary: "Post a move (counterexample, patch, rebuttal, question, comment)",
    auth: "required",
    body: debate.createNodeSchema,
    tag: "tree",
    rateLimits: [{ rule: rateRules.movesPerUser, per: "user" }, { rule: rateRules.writesPerIp, per: "client address" }],
  },
  { method: "get", path: "/debates/{debateId}/nodes/{nodeId}", summary: "A node with revisions, prune timeline, experiment, predictions, resolutions", auth: "optional", tag: "tree" },
  { method: "patch", path: "/debates/{debateId}/nodes/{nodeId}", summary: "Edit your node (send the revision you edited; 409 if stale)", auth: "required", body: debate.editNodeSchema, tag: "tree", rateLimits: [{ rule: rateRules.editsPerUser, per: "user" }] },
  { method: "post", path: "/debates/{debateId}/nodes/{nodeId}/retract", summary: "Retract (the node stays, marked retracted)", auth: "required", body: empty, tag: "tree" },
  { method: "post", path: "/debates/{debateId}/nodes/{nodeId}/accept", summary: "Accept a rebuttal (409 when it is retracted, already accepted, or refuted by its empirical resolution)", auth: "required", body: empty, tag: "tree" },
  { method: "post", path: "/debates/{debateId}/nodes/{nodeId}/prune", summary: "Prune a branch with a reason", auth: "required", body: debate.pruneSchema, tag: "pruning" },
  { method: "post", path: "/debates/{debateId}/nodes/{nodeId}/reopen", summary: "Reopen a pruned branch with a reason", auth: "required", body: debate.reopenSchema, tag: "pruning" },
  { method: "put", path: "/debates/{debateId}/nodes/{nodeId}/estimate", summary: "Your estimate (0-100) of how promising a branch is", auth: "required", body: debate.estimateSchema, tag: "pruning" },
  { method: "get", path: "/debates/{debateId}/revisit", summary: "Pruned branches with reason, age, size, depth, activity, promise", auth: "optional", query: debate.revisitQuerySchema, tag: "pruning" },
  { method: "get", path: "/debates/{debateId}/activity", summary: "The debate's activity feed", auth: "optional", query: activityQuery, tag: "live" },
  { method: "get", path: "/debates/{debateId}/events", summary: "Server-Sent Events for live updates (Last-Event-ID or ?since= to catch up)", auth: "optional", tag: "live" },
  { method: "get", path: "/debates/{debateId}/agenda", summary: "Research agenda: open empirical cruxes (json, csv or markdown)", auth: "optional", query: empirical.agendaQuerySchema, tag: "empirical" },
  { method: "get", path: "/debates/{debateId}/scores", summary: "Brier scores of resolved predictions", auth: "optional", tag: "empirical" },
  { method: "put", path: "/debates/{debateId}/nodes/{nodeId}/mode", summary: "Set a claim's resolution mode", auth: "required", body: empirical.setModeSchema, tag: "empirical" },
  { method: "put", path: "/debates/{debateId}/nodes/{nodeId}/crux", summary: "Mark a node as a crux", auth: "required", tag: "empirical" },
  { method: "delete", path: "/debates/{debateId}/nodes/{nodeId}/crux", summary: "Unmark a crux", auth: "required", tag: "empirical" },
  { method: "put", path: "/debates/{debateId}/nodes/{nodeId}/experiment", summary: "Create or edit the experiment card", auth: "required", body: empirical.experimentCardSchema, tag: "empirical" },
  { method: "get", path: "/debates/{debateId}/nodes/{nodeId}/predictions", summary: "Prediction timeline of a claim", auth: "optional", tag: "empirical" },
  { method: "post", idempotent: true, path: "/debates/{debateId}/nodes/{nodeId}/predictions", summary: "Record a prediction (probability 0-1)", auth: "required", body: empirical.predictionSchema, tag: "empirical" },
  { method: "post", idempotent: true, path: "/debates/{debateId}/nodes/{nodeId}/resolutions", summary: "Resolve, dispute or reopen a claim's resolution", auth: "required", body: empirical.resolutionActionSchema, tag: "empirical" },
  { method: "get", path: "/debates/{debateId}/export", summary: "Download the debate (or the subtree under ?root=) as json, markdown, argdown, aif, kialo, dot, graphml or svg; streamed; ?download=1 adds Content-Disposition", auth: "optional", query: transfer.exportQuerySchema, tag: "exports" },
  {
    method: "post",
    path: "/debates/import",
    idempotent: true,
    summary:
      "Import a file (raw body: builder-breaker/1 JSON, Argdown or Kialo text, at most 20 MB; a branch export becomes a debate whose proposal is the branch root) as a new debate you own; 201 {debate:{id}}, 413 over 20 MB, 422 with {line, column, path, expected}, 429 with Retry-After over the import rate limit (every attempt counts)",
    auth: "required",
    query: transfer.importQuerySchema,
    tag: "exports",
    rateLimits: [{ rule: rateRules.importsPerUser, per: "user" }, { rule: rateRules.importsPerIp, per: "client address" }],
  },
  { method: "get", path: "/schemas/builder-breaker-1.json", summary: "JSON Schema of the builder-breaker/1 export format", auth: "none", tag: "exports" },
];

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
    },
  },
};

const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Send a fresh random key (a UUID) with a creating request; a retry with the same key and the same request answers the first success again (same status and body, header Idempotent-Replayed: true) and creates nothing twice, also when the two race. Kept 24 hours per user and route. The same key with a different request: 422 IDEMPOTENCY_KEY_REUSED; while the first request still runs (after a wait of up to 10 s): 409 IDEMPOTENCY_KEY_IN_USE with Retry-After. Errors are not kept: a retry after one runs afresh.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN.source },
};

const errorContent = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };

function windowText(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "minute" : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** Every limit that counts a route: apiRoute counts each signed-in write against rateRules.writesPerUser. */
export function routeRateLimits(route: RouteDoc): NonNullable<RouteDoc["rateLimits"]> {
  const signedInWrite = route.method !== "get" && route.auth !== "none";
  return [...(signedInWrite ? [{ rule: rateRules.writesPerUser, per: "user" as const }] : []), ...(route.rateLimits ?? [])];
}

/** The 429 response of a rate-limited route, quoting its rules (defaults; RATE_LIMIT_MULTIPLIER scales them). */
function rateLimitedResponse(limits: NonNullable<RouteDoc["rateLimits"]>) {
  const rules = limits.map(({ rule, per }) => `${rule.limit} per ${windowText(rule.windowSeconds)} per ${per}`).join(", ");
  const perIp = limits.some((l) => l.per === "client address")
    ? " The client address is the connection's, or with TRUST_PROXY the one the proxy names."
    : "";
  return {
    description: `Too many requests: at most ${rules}.${perIp} Retry after the Retry-After seconds.`,
    headers: { "Retry-After": { description: "Seconds until the window resets", schema: { type: "integer", minimum: 1 } } },
    content: errorContent,
  };
}

function jsonSchema(schema: z.ZodType) {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

/** `sessionCookie`: the name next-auth gives the cookie in this deployment (prefixed under https). */
export function openApiDocument(docs: RouteDoc[] = routeDocs, sessionCookie = sessionCookieName()) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of docs) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query = route.query
      ? Object.entries((jsonSchema(route.query).properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({ name, in: "query", required: false, schema }))
      : [];
    const limits = routeRateLimits(route);
    (paths[route.path] ??= {})[route.method] = {
      summary: route.summary,
      tags: [route.tag],
      security: route.auth === "required" ? [{ bearer: [] }, { session: [] }] : route.auth === "optional" ? [{}, { bearer: [] }, { session: [] }] : [],
      parameters: [...params, ...query, ...(route.idempotent ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : [])],
      ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(route.body) } } } } : {}),
      responses: {
        "200": { description: "OK (201 for creations)" },
        ...(limits.length > 0 ? { "429": rateLimitedResponse(limits) } : {}),
        default: { description: "Error", content: errorContent },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Builder/Breaker API",
      version: "1",
      description:
        "Structured builder/breaker debates. Authenticate with a session cookie (browser; mutations must come from the app's own origin) or `Authorization: Bearer <personal access token>`. Errors are `{ error: { code, message, details? } }`.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Personal access token (bb_...)" },
        session: { type: "apiKey", in: "cookie", name: sessionCookie },
      },
      schemas: { Error: errorSchema },
      parameters: { IdempotencyKey: idempotencyKeyParameter },
    },
    paths,
  };
}
