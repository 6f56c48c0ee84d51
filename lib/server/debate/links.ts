import "server-only";
import { db, type Tx } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { conflict, notFound } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/debate/permissions";
import { assertNotSelfLink, type CreateLinkInput } from "@/lib/domain/debate/links";
import { loadAccess, permissionContext } from "@/lib/server/debate/access";
import { recordEvent } from "@/lib/server/events/record";
import type { LinkType } from "@/lib/domain/vocabulary";

// Typed cross-links between two nodes of one debate (docs/decisions/012-support-and-links.md).
// Checks, in order: self-link (400), read access (private → 404), link:create (401/403), both
// nodes in this debate (404), the same link twice (409; the unique index settles a race).

const linkSelect = { id: true, fromNodeId: true, toNodeId: true, type: true, authorId: true, createdAt: true } as const;

function toItem(l: { id: string; fromNodeId: string; toNodeId: string; type: LinkType; authorId: string; createdAt: Date }) {
  return { id: l.id, fromId: l.fromNodeId, toId: l.toNodeId, type: l.type, authorId: l.authorId, createdAt: l.createdAt };
}

const duplicate = () => conflict("These two nodes already have a link of this type");

export async function createLink(actor: Actor, debateId: string, input: CreateLinkInput) {
  assertNotSelfLink(input);
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  assertCan("link:create", permissionContext(access));
  const found = await db().node.findMany({ where: { id: { in: [input.fromId, input.toId] }, debateId }, select: { id: true } });
  if (found.length !== 2) throw notFound("Both nodes must exist in this debate");
  try {
    return await db().$transaction(async (tx) => {
      const link = await insertLink(tx, { debateId, fromId: input.fromId, toId: input.toId, type: input.type, authorId: actor.id });
      if (!link) throw duplicate();
      return toItem(link);
    });
  } catch (error) {
    // Two people creating the same link at once: the loser's insert hits the unique index.
    if ((error as { code?: string }).code === "P2002") throw duplicate();
    throw error;
  }
}

/**
 * Inserts a link and records `link.created` (its event notifies the linked node's author), in the
 * caller's transaction. Null when the same link exists already (nothing written). Pruning as a
 * duplicate calls this too.
 */
export async function insertLink(
  tx: Tx,
  link: { debateId: string; fromId: string; toId: string; type: LinkType; authorId: string },
): Promise<{ id: string; fromNodeId: string; toNodeId: string; type: LinkType; authorId: string; createdAt: Date } | null> {
  const rows = await tx.nodeLink.createManyAndReturn({
    data: [{ debateId: link.debateId, fromNodeId: link.fromId, toNodeId: link.toId, type: link.type, authorId: link.authorId }],
    skipDuplicates: true,
    select: linkSelect,
  });
  const created = rows[0];
  if (!created) return null;
  await recordEvent(tx, {
    debateId: link.debateId,
    actorId: link.authorId,
    type: "link.created",
    nodeId: link.toId,
    payload: { linkId: created.id, fromId: link.fromId, toId: link.toId, type: link.type },
  });
  return created;
}

export async function deleteLink(actor: Actor, debateId: string, linkId: string): Promise<void> {
  const access = await loadAccess(debateId, actor);
  assertCan("debate:read", permissionContext(access));
  const link = await db().nodeLink.findFirst({ where: { id: linkId, debateId }, select: linkSelect });
  if (!link) throw notFound("No such link in this debate");
  assertCan("link:delete", permissionContext(access, { link: { authorId: link.authorId } }));
  await db().$transaction(async (tx) => {
    const { count } = await tx.nodeLink.deleteMany({ where: { id: linkId, debateId } });
    if (count === 0) throw notFound("No such link in this debate");
    await recordEvent(tx, {
      debateId,
      actorId: actor.id,
      type: "link.deleted",
      nodeId: link.toNodeId,
      payload: { linkId, fromId: link.fromNodeId, toId: link.toNodeId, type: link.type },
    });
  });
}
