import "server-only";
import { diffWords } from "diff";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { notFound } from "@/lib/domain/errors";
import { requireAccess } from "@/lib/server/debate/access";

/** One proposal version with a word diff against the previous one. */
export async function getVersion(actor: Actor | null, debateId: string, number: number) {
  await requireAccess(debateId, actor, "debate:read");
  const versions = await db().proposalVersion.findMany({
    where: { debateId, number: { in: [number - 1, number] } },
    select: { number: true, body: true, nodeId: true, authorId: true, createdAt: true },
  });
  const version = versions.find((v) => v.number === number);
  if (!version) throw notFound(`No proposal version ${number} in this debate`);
  const previous = versions.find((v) => v.number === number - 1) ?? null;
  const diff = previous
    ? diffWords(previous.body, version.body).map((part) => ({
        text: part.value,
        change: part.added ? ("added" as const) : part.removed ? ("removed" as const) : ("same" as const),
      }))
    : [];
  return { ...version, previousNumber: previous?.number ?? null, diff };
}

export async function listVersions(actor: Actor | null, debateId: string) {
  await requireAccess(debateId, actor, "debate:read");
  return db().proposalVersion.findMany({
    where: { debateId },
    select: { number: true, nodeId: true, authorId: true, createdAt: true, body: true },
    orderBy: { number: "asc" },
  });
}
