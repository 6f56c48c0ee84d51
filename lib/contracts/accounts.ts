import { z } from "zod";
import * as users from "@/lib/domain/users/validation";
import { idSchema } from "@/lib/domain/debate/validation";
import { cursorSchema, dateTime, sentTextSchema as sentText } from "@/lib/contracts/common";
import { defineContract } from "@/lib/contracts/define";

export const profileSchema = z.object({ id: idSchema, username: sentText, email: sentText.nullable(), displayName: sentText, createdAt: dateTime });
export const sessionViewSchema = z.object({ id: idSchema, current: z.boolean(), createdAt: dateTime, lastSeenAt: dateTime, expiresAt: dateTime, userAgent: sentText });
export const tokenViewSchema = z.object({ id: idSchema, name: sentText, prefix: sentText, createdAt: dateTime, lastUsedAt: dateTime.nullable(), revokedAt: dateTime.nullable() });
export type TokenView = z.infer<typeof tokenViewSchema>;
export type SessionView = z.infer<typeof sessionViewSchema>;

const exampleUser = { id: "cm1user0000000000000001", username: "ada", email: "ada@example.org", displayName: "Ada", createdAt: "2026-01-02T03:04:05.678Z" };

export const signUp = defineContract({
  operationId: "signUp", method: "POST", path: "/auth/signup", summary: "Create an account", tag: "accounts", auth: "none",
  body: users.signUpSchema, status: 201, response: z.object({ user: profileSchema }), errors: ["CONFLICT"],
  example: { request: { username: "ada", password: "correct horse battery staple", displayName: "Ada" }, response: { user: exampleUser } },
});
export const getMe = defineContract({
  operationId: "getMe", method: "GET", path: "/me", summary: "Your profile", tag: "accounts", auth: "required",
  status: 200, response: z.object({ user: profileSchema }), errors: [], example: { response: { user: exampleUser } },
});
export const updateMe = defineContract({
  operationId: "updateMe", method: "PATCH", path: "/me", summary: "Change your display name", tag: "accounts", auth: "required",
  body: users.updateProfileSchema, status: 200, response: z.object({ user: profileSchema }), errors: [],
});
export const deleteMe = defineContract({
  operationId: "deleteMe", method: "DELETE", path: "/me",
  summary: "Delete your account (password accounts confirm with the password; own no debates first); your moves stay as \"deleted user\" unless removeMoves removes those nothing depends on",
  tag: "accounts", auth: "required", body: users.deleteAccountSchema, status: 200, response: z.object({ removedMoves: z.number().int() }), errors: ["CONFLICT"],
});
export const listTokens = defineContract({
  operationId: "listTokens", method: "GET", path: "/me/tokens", summary: "List your personal access tokens", tag: "accounts", auth: "required",
  status: 200, response: z.object({ tokens: z.array(tokenViewSchema) }), errors: [],
});
export const createToken = defineContract({
  operationId: "createToken", idempotent: true, method: "POST", path: "/me/tokens", summary: "Create a token (the secret is in this response only)", tag: "accounts", auth: "required",
  body: users.createTokenSchema, status: 201, response: z.object({ token: tokenViewSchema.extend({ secret: sentText }) }), errors: [],
});
export const revokeToken = defineContract({
  operationId: "revokeToken", method: "DELETE", path: "/me/tokens/{tokenId}", summary: "Revoke a token", tag: "accounts", auth: "required",
  params: z.object({ tokenId: idSchema }), status: 204, errors: ["NOT_FOUND"],
});
export const resetPassword = defineContract({
  operationId: "resetPassword", method: "POST", path: "/auth/reset-password", summary: "Set a new password with a one-time reset secret (signs the account out everywhere)",
  tag: "accounts", auth: "none", body: users.resetPasswordSchema, status: 200, response: z.object({ user: z.object({ username: sentText }) }), errors: [],
});
export const forgotPassword = defineContract({
  operationId: "forgotPassword", method: "POST", path: "/auth/forgot-password", summary: "Mail a one-time reset link (only with SMTP_URL; the same answer whether or not the account exists)",
  tag: "accounts", auth: "none", body: users.forgotPasswordSchema, status: 200, response: z.object({ message: sentText }), errors: ["NOT_FOUND"],
});
export const changePassword = defineContract({
  operationId: "changePassword", method: "POST", path: "/me/password", summary: "Change your password (needs the current one; signs out your other sessions)",
  tag: "accounts", auth: "required", body: users.changePasswordSchema, status: 200, response: z.object({ endedSessions: z.number().int() }), errors: [],
});
export const listSessions = defineContract({
  operationId: "listSessions", method: "GET", path: "/me/sessions", summary: "Your signed-in browser sessions", tag: "accounts", auth: "required",
  status: 200, response: z.object({ sessions: z.array(sessionViewSchema) }), errors: [],
});
export const revokeAllSessions = defineContract({
  operationId: "revokeAllSessions", method: "DELETE", path: "/me/sessions", summary: "Sign out everywhere (every browser session; API tokens stay valid)",
  tag: "accounts", auth: "required", status: 200, response: z.object({ endedSessions: z.number().int() }), errors: [],
});
export const revokeSession = defineContract({
  operationId: "revokeSession", method: "DELETE", path: "/me/sessions/{sessionId}", summary: "Sign out one session", tag: "accounts", auth: "required",
  params: z.object({ sessionId: idSchema }), status: 204, errors: ["NOT_FOUND"],
});
export const getEmailDigest = defineContract({
  operationId: "getEmailDigest", method: "GET", path: "/me/email-digest", summary: "Whether you get e-mailed digests of unread notifications", tag: "accounts", auth: "required",
  status: 200, response: z.object({ emailDigest: z.boolean() }), errors: [],
});
export const setEmailDigest = defineContract({
  operationId: "setEmailDigest", method: "PUT", path: "/me/email-digest", summary: "Turn e-mailed notification digests on or off (sent only when the server has SMTP_URL)",
  tag: "accounts", auth: "required", body: users.notificationSettingsSchema, status: 200, response: z.object({ emailDigest: z.boolean() }), errors: [],
});

// ---- Notifications

export const listNotificationsQuery = z.object({
  unread: z.enum(["1", "true", "0", "false"]).optional(),
  /** The nextCursor of the previous page. */
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const markReadBody = z
  .object({ ids: z.array(idSchema).min(1).max(500).optional(), all: z.literal(true).optional() })
  .refine((b) => Boolean(b.ids) !== Boolean(b.all), { message: "Send either ids or all: true" });

export const notificationSchema = z.object({
  id: idSchema,
  type: sentText,
  debateId: sentText,
  nodeId: sentText.nullable(),
  eventSeq: z.number().int(),
  message: sentText,
  debateTitle: sentText.nullable(),
  readAt: dateTime.nullable(),
  createdAt: dateTime,
  href: sentText,
});
export type NotificationView = z.infer<typeof notificationSchema>;

export const listNotifications = defineContract({
  operationId: "listNotifications", method: "GET", path: "/me/notifications", summary: "Your notifications, newest first (paged: pass nextCursor as cursor)",
  tag: "accounts", auth: "required", query: listNotificationsQuery, status: 200,
  response: z.object({ notifications: z.array(notificationSchema), unreadCount: z.number().int(), nextCursor: sentText.nullable() }), errors: [],
});
export const markNotificationsRead = defineContract({
  operationId: "markNotificationsRead", method: "POST", path: "/me/notifications/read", summary: "Mark notifications read", tag: "accounts", auth: "required",
  body: markReadBody, status: 200, response: z.object({ updated: z.number().int(), unreadCount: z.number().int() }), errors: [],
  example: { request: { all: true }, response: { updated: 3, unreadCount: 0 } },
});
