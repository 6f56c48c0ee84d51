import "server-only";
import { db } from "@/lib/server/db/client";
import { AppError, notFound } from "@/lib/domain/errors";
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from "@/lib/server/auth/password";
import { enforce, clear, hit, rateRules, signInSlowdownMs } from "@/lib/server/auth/rate-limit";
import { assertStrongPassword } from "@/lib/domain/users/password-strength";
import type { SignUpInput } from "@/lib/domain/users/validation";

export const publicUserSelect = { id: true, username: true, displayName: true } as const;
export const profileSelect = { ...publicUserSelect, email: true, createdAt: true } as const;

export async function signUp(input: SignUpInput, ip: string) {
  await enforce(rateRules.signUpPerIp, ip);
  const username = input.username;
  const email = input.email?.toLowerCase();
  assertStrongPassword(input.password, { username, email, displayName: input.displayName });
  const clashes = await db().user.findMany({
    where: {
      OR: [{ username: { equals: username, mode: "insensitive" } }, ...(email ? [{ email }] : [])],
    },
    select: { username: true, email: true },
  });
  const fieldErrors: Record<string, string[]> = {};
  if (clashes.some((u) => u.username.toLowerCase() === username.toLowerCase())) {
    fieldErrors.username = ["This username is taken"];
  }
  if (email && clashes.some((u) => u.email === email)) {
    fieldErrors.email = ["An account with this email exists"];
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError("CONFLICT", "Username or email already in use", { details: { fieldErrors } });
  }
  return db().user.create({
    data: {
      username,
      email: email ?? null,
      displayName: input.displayName ?? username,
      passwordHash: await hashPassword(input.password),
    },
    select: profileSelect,
  });
}

const INVALID_LOGIN = "Invalid username/email or password";

/**
 * Checks a sign-in. Unknown user and wrong password give the same error and take
 * the same time. Hard limits are per client address (across accounts, and per account
 * from that address, cleared by a successful sign-in from it), so guessing from one
 * address never locks the owner out elsewhere; across addresses an account's attempts
 * are only slowed (docs/security.md).
 */
export async function authenticate(login: string, password: string, ip: string) {
  const normalized = login.trim().toLowerCase();
  await enforce(rateRules.signInPerIp, ip);
  const user = await db().user.findFirst({
    where: normalized.includes("@")
      ? { email: normalized }
      : { username: { equals: normalized, mode: "insensitive" } },
    select: { ...publicUserSelect, passwordHash: true },
  });
  // Per account, not per login string: the username and the email share one budget.
  const accountKey = user ? `user:${user.id}` : `login:${normalized}`;
  await enforce(rateRules.signInPerAccountAddress, `${accountKey}@${ip}`);
  const { count } = await hit(rateRules.signInPerAccount, accountKey);
  const slowdown = signInSlowdownMs(count);
  if (slowdown > 0) await new Promise((resolve) => setTimeout(resolve, slowdown));
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    throw new AppError("UNAUTHENTICATED", INVALID_LOGIN);
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    throw new AppError("UNAUTHENTICATED", INVALID_LOGIN);
  }
  await clear(rateRules.signInPerAccountAddress, `${accountKey}@${ip}`);
  if (needsRehash(user.passwordHash)) await upgradePasswordHash(user.id, user.passwordHash, password);
  return { id: user.id, username: user.username, displayName: user.displayName };
}

/**
 * Re-hashes a password checked against an older-cost hash with today's parameters.
 * Conditional on the old hash, so a password changed meanwhile is never overwritten.
 */
async function upgradePasswordHash(userId: string, oldHash: string, password: string): Promise<void> {
  await db().user.updateMany({ where: { id: userId, passwordHash: oldHash }, data: { passwordHash: await hashPassword(password) } });
}

/** A user by username (any case) or email, for the operator's commands. */
export async function findUserByLogin(login: string) {
  const normalized = login.trim().toLowerCase();
  return db().user.findFirst({
    where: normalized.includes("@") ? { email: normalized } : { username: { equals: normalized, mode: "insensitive" } },
    select: profileSelect,
  });
}

export async function getProfile(userId: string) {
  const user = await db().user.findUnique({ where: { id: userId }, select: profileSelect });
  if (!user) throw notFound("No such user");
  return user;
}

export async function updateProfile(userId: string, displayName: string) {
  return db().user.update({ where: { id: userId }, data: { displayName }, select: profileSelect });
}

/** Links (or creates) the local user behind an OAuth identity. */
export async function userForOAuth(params: {
  provider: string;
  providerAccountId: string;
  email?: string | null;
  name?: string | null;
  login?: string | null;
}) {
  const existing = await db().oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider: params.provider, providerAccountId: params.providerAccountId } },
    select: { user: { select: publicUserSelect } },
  });
  if (existing) return existing.user;
  const base = (params.login ?? params.email?.split("@")[0] ?? params.provider)
    .replace(/[^a-zA-Z0-9_-]/g, "")
    .slice(0, 24)
    .padEnd(3, "_");
  for (let attempt = 0; attempt < 5; attempt++) {
    const username = attempt === 0 ? base : `${base}-${Math.random().toString(36).slice(2, 6)}`;
    const taken = await db().user.findFirst({ where: { username: { equals: username, mode: "insensitive" } }, select: { id: true } });
    if (taken) continue;
    return db().user.create({
      data: {
        username,
        displayName: (params.name ?? username).slice(0, 80),
        oauthAccounts: { create: { provider: params.provider, providerAccountId: params.providerAccountId } },
      },
      select: publicUserSelect,
    });
  }
  throw new AppError("CONFLICT", "Could not pick a free username for this account");
}
