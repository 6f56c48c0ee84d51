import "server-only";
import type { ActivityQuery } from "@/lib/contracts/live";
import { decodeCursor, encodeCursor } from "@/lib/contracts/common";
import { badRequest } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { requireAccess } from "@/lib/server/debate/access";

// The activity feed of one debate: its event log, newest first, paged by seq.

// The query schema lives with the contract; re-exported for the activity page.
export { ACTIVITY_KINDS, activityQuery, type ActivityQuery } from "@/lib/contracts/live";

export async function listActivity(actor: Actor | null, debateId: string, query: ActivityQuery) {
  await requireAccess(debateId, actor, "debate:read");
  const type = query.type;
  // The cursor names the last event of the previous page by its seq (unique in the debate).
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && (!after || typeof after.key !== "number" || after.id !== debateId)) throw badRequest("Malformed cursor");
  const rows = await db().debateEvent.findMany({
    where: {
      debateId,
      ...(type ? (type.includes(".") ? { type } : { type: { startsWith: `${type}.` } }) : {}),
      ...(after ? { seq: { lt: BigInt(after.key) } } : {}),
    },
    orderBy: { seq: "desc" },
    take: query.limit + 1,
    select: { seq: true, type: true, nodeId: true, actorId: true, payload: true, createdAt: true },
  });
  const page = rows.slice(0, query.limit);
  const userIds = new Set<string>();
  const nodeIds = new Set<string>();
  for (const r of page) {
    if (r.actorId) userIds.add(r.actorId);
    const subject = (r.payload as { userId?: unknown } | null)?.userId;
    if (typeof subject === "string") userIds.add(subject);
    if (r.nodeId) nodeIds.add(r.nodeId);
  }
  const [users, nodes] = await Promise.all([
    db().user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, username: true, displayName: true } }),
    db().node.findMany({ where: { id: { in: [...nodeIds] }, debateId }, select: { id: true, kind: true, title: true, body: true } }),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const nodeById = new Map(nodes.map((n) => [n.id, { id: n.id, kind: n.kind, title: n.title || n.body.slice(0, 80) }]));
  return {
    events: page.map((r) => {
      const subject = (r.payload as { userId?: unknown } | null)?.userId;
      return {
        seq: Number(r.seq),
        type: r.type,
        createdAt: r.createdAt,
        actor: r.actorId ? (userById.get(r.actorId) ?? { id: r.actorId, username: null, displayName: "(deleted user)" }) : null,
        subject: typeof subject === "string" ? (userById.get(subject) ?? null) : null,
        node: r.nodeId ? (nodeById.get(r.nodeId) ?? null) : null,
        payload: r.payload,
      };
    }),
    nextCursor: rows.length > query.limit ? encodeCursor(Number(page[page.length - 1]!.seq), debateId) : null,
  };
}
