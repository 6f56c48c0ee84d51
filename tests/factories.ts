// Shared factories for tests, the demo seed and benchmarks (Epic Stack style):
// plain functions that take the database client and write rows directly, so
// tests can set up any state in a few queries and then exercise the services.
// Nothing here mocks a layer; use the services themselves for the behaviour under test.
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/domain/actor";
import { hashPassword } from "@/lib/server/auth/password";
import type { Db } from "@/lib/server/db/client";
import { createDebate as createDebateService } from "@/lib/server/debate/debates";
import type { MemberRole, NodeKind, PlayMode, Side, Visibility } from "@/lib/domain/vocabulary";

let counter = 0;
/** A short unique suffix: process-unique and random, so parallel files never clash. */
export function uniqueSuffix(): string {
  counter += 1;
  return `${counter.toString(36)}${randomBytes(3).toString("hex")}`;
}

export interface CreateUserOptions {
  username?: string;
  displayName?: string;
  email?: string | null;
  /** Plain password to hash with scrypt (slow: ~50 ms). Omit for a password-less account. */
  password?: string;
}

/** Inserts a user and returns it as an Actor (via "session"). */
export async function createUser(db: Db, options: CreateUserOptions = {}): Promise<Actor> {
  const username = options.username ?? `user_${uniqueSuffix()}`;
  const user = await db.user.create({
    data: {
      username,
      displayName: options.displayName ?? `User ${username}`,
      email: options.email ?? null,
      passwordHash: options.password === undefined ? null : await hashPassword(options.password),
    },
    select: { id: true, username: true, displayName: true },
  });
  return { ...user, via: "session" };
}

export interface MemberSpec {
  role?: MemberRole;
  side: Side;
  /** An existing user; otherwise one is created. */
  user?: Actor;
}

export interface CreateDebateOptions<M extends string> {
  owner?: Actor;
  ownerSide?: Side;
  title?: string;
  proposal?: string;
  context?: string;
  visibility?: Visibility;
  playMode?: PlayMode;
  /** Extra members by name, e.g. `{ breaker: { side: "BREAKER" }, mod: { role: "MODERATOR", side: "OBSERVER" } }`. */
  members?: Record<M, MemberSpec>;
}

export interface DebateFixture<M extends string> {
  id: string;
  rootNodeId: string;
  inviteCode: string;
  owner: Actor;
  members: Record<M, Actor>;
}

/**
 * A debate created through the real service (root proposal, version 1, owner
 * membership, RoleChange, event), plus members inserted directly in the given
 * roles and sides (each with its RoleChange row, as joinDebate would write).
 */
export async function createDebate<M extends string = never>(
  db: Db,
  options: CreateDebateOptions<M> = {},
): Promise<DebateFixture<M>> {
  const owner = options.owner ?? (await createUser(db, { displayName: "Owner" }));
  const title = options.title ?? `Debate ${uniqueSuffix()}`;
  const created = await createDebateService(owner, {
    title,
    proposal: options.proposal ?? "The proposal text, version one.",
    context: options.context ?? "",
    links: [],
    visibility: options.visibility ?? "PUBLIC",
    playMode: options.playMode ?? "OPEN",
    side: options.ownerSide ?? "BUILDER",
  });
  const members = {} as Record<M, Actor>;
  for (const [name, spec] of Object.entries(options.members ?? {}) as [M, MemberSpec][]) {
    const user = spec.user ?? (await createUser(db, { displayName: String(name) }));
    await addMember(db, created.id, user, spec.side, spec.role ?? "MEMBER");
    members[name] = user;
  }
  const { inviteCode } = await db.debate.findUniqueOrThrow({ where: { id: created.id }, select: { inviteCode: true } });
  return { id: created.id, rootNodeId: created.rootNodeId, inviteCode, owner, members };
}

/** Inserts a membership (and its RoleChange) directly, bypassing join rules. */
export async function addMember(db: Db, debateId: string, user: Pick<Actor, "id">, side: Side, role: MemberRole = "MEMBER") {
  await db.membership.create({ data: { debateId, userId: user.id, side, role } });
  await db.roleChange.create({ data: { debateId, userId: user.id, fromSide: null, toSide: side } });
}

export interface InsertNodeOptions {
  debateId: string;
  parentId: string;
  author: Pick<Actor, "id">;
  kind: Exclude<NodeKind, "PROPOSAL">;
  side?: Side;
  title?: string;
  body?: string;
  targetVersions?: number[];
  answersNodeIds?: string[];
  /** PATCH: the number and text of the proposal version it creates. */
  version?: { number: number; body: string };
  prunedAt?: Date | null;
  retractedAt?: Date | null;
}

const defaultSide: Record<Exclude<NodeKind, "PROPOSAL">, Side> = {
  COUNTEREXAMPLE: "BREAKER",
  PATCH: "BUILDER",
  REBUTTAL: "BUILDER",
  QUESTION: "OBSERVER",
  COMMENT: "OBSERVER",
  SUPPORT: "BUILDER",
};

/**
 * Inserts one node directly (no permission check, no rate limit, no event):
 * for setting up state. Depth comes from the parent.
 */
export async function insertNode(db: Db, options: InsertNodeOptions): Promise<{ id: string; depth: number }> {
  const parent = await db.node.findUniqueOrThrow({ where: { id: options.parentId }, select: { depth: true } });
  return db.node.create({
    data: {
      debateId: options.debateId,
      parentId: options.parentId,
      depth: parent.depth + 1,
      kind: options.kind,
      side: options.side ?? defaultSide[options.kind],
      authorId: options.author.id,
      title: options.title ?? "",
      body: options.body ?? `A ${options.kind.toLowerCase()} ${uniqueSuffix()}`,
      targetVersions: options.targetVersions ?? (options.kind === "COUNTEREXAMPLE" ? [1] : []),
      answersNodeIds: options.answersNodeIds ?? [],
      prunedAt: options.prunedAt ?? null,
      retractedAt: options.retractedAt ?? null,
      ...(options.version
        ? { version: { create: { debateId: options.debateId, number: options.version.number, body: options.version.body, authorId: options.author.id } } }
        : {}),
    },
    select: { id: true, depth: true },
  });
}

/**
 * A chain of nodes, each the child of the previous one, starting under `parentId`.
 * Returns the ids in order (first is the child of `parentId`).
 */
export async function insertNodeChain(
  db: Db,
  debateId: string,
  parentId: string,
  steps: readonly Omit<InsertNodeOptions, "debateId" | "parentId">[],
): Promise<string[]> {
  const ids: string[] = [];
  let parent = parentId;
  for (const step of steps) {
    const node = await insertNode(db, { ...step, debateId, parentId: parent });
    ids.push(node.id);
    parent = node.id;
  }
  return ids;
}
