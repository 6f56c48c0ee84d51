import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { requireAccess } from "@/lib/server/debate/access";

// The activity feed of one debate: its event log, newest first, paged by seq.

export const ACTIVITY_KINDS = ["debate", "member", "node", "branch", "claim", "experiment", "prediction", "crux"] as const;

export const activityQuery = z.object({
  /** A kind ("node") or an exact type ("node.created"). */
  type: z
    .string()
    .regex(/^[a-z]+(\.[a-z-]+)?$/, "Use a kind such as node or a type such as node.created")
    .max(40)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ActivityQuery = z.infer<typeof activityQuery>;

export async function listActivity(actor: Actor | null, debateId: string, query: ActivityQuery) {
  await requireAccess(debateId, actor, "debate:read");
  const type = query.type;
  const rows = await db().debateEvent.findMany({
    where: {
      debateId,
      ...(type ? (type.includes(".") ? { type } : { type: { startsWith: `${type}.` } }) : {}),
      ...(query.before ? { seq: { lt: BigInt(query.before) } } : {}),
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
    nextBefore: rows.length > query.limit ? Number(page[page.length - 1]!.seq) : null,
  };
}
