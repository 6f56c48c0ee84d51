import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { badRequest } from "@/lib/domain/errors";
import { idSchema } from "@/lib/domain/debate/validation";

export const listNotificationsQuery = z.object({
  unread: z.enum(["1", "true", "0", "false"]).optional(),
  /** Cursor: the createdAt (ISO) of the last notification of the previous page. */
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const markReadBody = z
  .object({ ids: z.array(idSchema).min(1).max(500).optional(), all: z.literal(true).optional() })
  .refine((b) => Boolean(b.ids) !== Boolean(b.all), { message: "Send either ids or all: true" });

export async function listNotifications(actor: Pick<Actor, "id">, query: z.infer<typeof listNotificationsQuery>) {
  const unreadOnly = query.unread === "1" || query.unread === "true";
  const [rows, unreadCount] = await Promise.all([
    db().notification.findMany({
      where: {
        userId: actor.id,
        ...(unreadOnly ? { readAt: null } : {}),
        ...(query.before ? { createdAt: { lt: new Date(query.before) } } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
      select: { id: true, type: true, debateId: true, nodeId: true, eventSeq: true, message: true, debateTitle: true, readAt: true, createdAt: true },
    }),
    unreadNotificationCount(actor.id),
  ]);
  const page = rows.slice(0, query.limit);
  // The title stored with the notification, never the debate's current one: a member
  // removed from a private debate must not learn what it is called now.
  return {
    notifications: page.map(({ debateTitle, ...n }) => ({
      ...n,
      eventSeq: Number(n.eventSeq),
      debateTitle: debateTitle || null,
      // A deleted debate has no page left; its notice links home.
      href: n.type === "debate.deleted" ? "/" : `/debates/${n.debateId}${n.nodeId ? `#node-${n.nodeId}` : ""}`,
    })),
    unreadCount,
    nextBefore: rows.length > query.limit ? page[page.length - 1]!.createdAt.toISOString() : null,
  };
}

export function unreadNotificationCount(userId: string): Promise<number> {
  return db().notification.count({ where: { userId, readAt: null } });
}

/** Marks some (ids) or all of the actor's notifications read; other users' ids are ignored. */
export async function markNotificationsRead(actor: Pick<Actor, "id">, input: { ids?: string[]; all?: true }) {
  if (!input.ids && !input.all) throw badRequest("Send either ids or all: true");
  const { count } = await db().notification.updateMany({
    where: { userId: actor.id, readAt: null, ...(input.all ? {} : { id: { in: input.ids } }) },
    data: { readAt: new Date() },
  });
  return { updated: count, unreadCount: await unreadNotificationCount(actor.id) };
}
