import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { badRequest } from "@/lib/domain/errors";
import { decodeCursor, encodeCursor } from "@/lib/contracts/common";
import { listNotificationsQuery } from "@/lib/contracts/accounts";

// The query and body schemas live with the contracts; re-exported for the pages that parse them.
export { listNotificationsQuery, markReadBody } from "@/lib/contracts/accounts";

export async function listNotifications(actor: Pick<Actor, "id">, query: z.infer<typeof listNotificationsQuery>) {
  const unreadOnly = query.unread === "1" || query.unread === "true";
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && (!after || typeof after.key !== "string" || Number.isNaN(Date.parse(after.key)))) throw badRequest("Malformed cursor");
  const [rows, unreadCount] = await Promise.all([
    db().notification.findMany({
      where: {
        userId: actor.id,
        ...(unreadOnly ? { readAt: null } : {}),
        // Rows after the cursor in (createdAt desc, id desc) order: two notifications may share a timestamp.
        ...(after
          ? { OR: [{ createdAt: { lt: new Date(after.key) } }, { createdAt: new Date(after.key), id: { lt: after.id } }] }
          : {}),
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
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!.createdAt.toISOString(), page[page.length - 1]!.id) : null,
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
