import "server-only";
import { db, type Tx } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { notFound } from "@/lib/domain/errors";
import { assertCan, type Action, type ActorContext } from "@/lib/domain/debate/permissions";
import type { MemberRole, PlayMode, Side, Visibility } from "@/lib/domain/vocabulary";
import { publishedDebate } from "@/lib/server/debate/published";

export const debateAccessSelect = {
  id: true,
  title: true,
  visibility: true,
  playMode: true,
  ownerId: true,
  rootNodeId: true,
  inviteCode: true,
} as const;

export interface DebateAccess {
  debate: {
    id: string;
    title: string;
    visibility: Visibility;
    playMode: PlayMode;
    ownerId: string;
    rootNodeId: string | null;
    inviteCode: string;
  };
  membership: { role: MemberRole; side: Side } | null;
  userId: string | null;
}

/** Loads a debate with the actor's membership in one query; 404 for unknown ids and debates still being imported. */
export async function loadAccess(debateId: string, actor: Pick<Actor, "id"> | null, client: Tx | ReturnType<typeof db> = db()): Promise<DebateAccess> {
  const debate = await client.debate.findUnique({
    where: { id: debateId, ...publishedDebate },
    select: {
      ...debateAccessSelect,
      memberships: actor ? { where: { userId: actor.id }, select: { role: true, side: true } } : false,
    },
  });
  if (!debate) throw notFound("No such debate");
  const { memberships, ...rest } = debate as typeof debate & { memberships?: DebateAccess["membership"][] };
  return { debate: rest, membership: memberships?.[0] ?? null, userId: actor?.id ?? null };
}

type ContextExtra = Pick<ActorContext, "target" | "createKind" | "hasInvite" | "classCreatorId" | "classAnswered" | "link">;

export function permissionContext(access: DebateAccess, extra: ContextExtra = {}): ActorContext {
  return { userId: access.userId, membership: access.membership, debate: access.debate, ...extra };
}

/** Loads access and checks one action; private debates answer 404 to outsiders. */
export async function requireAccess(
  debateId: string,
  actor: Pick<Actor, "id"> | null,
  action: Action,
  extra?: ContextExtra,
): Promise<DebateAccess> {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  if (action !== "debate:read") assertCan(action, permissionContext(access, extra));
  return access;
}
