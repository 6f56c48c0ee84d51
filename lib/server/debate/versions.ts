import "server-only";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { notFound } from "@/lib/domain/errors";
import { versionDiff, type VersionDiff } from "@/lib/domain/debate/version-diff";
import { requireAccess } from "@/lib/server/debate/access";

/**
 * One proposal version with a word diff against the previous one; `rewritten` when the
 * diff did not finish within WORD_DIFF_TIMEOUT_MS (then `diff` is the old text removed and
 * the new one added).
 */
export async function getVersion(actor: Actor | null, debateId: string, number: number) {
  await requireAccess(debateId, actor, "debate:read");
  const versions = await db().proposalVersion.findMany({
    where: { debateId, number: { in: [number - 1, number] } },
    select: { id: true, number: true, body: true, nodeId: true, authorId: true, createdAt: true },
  });
  const found = versions.find((v) => v.number === number);
  if (!found) throw notFound(`No proposal version ${number} in this debate`);
  const previous = versions.find((v) => v.number === number - 1) ?? null;
  const { diff, rewritten } = previous ? cachedDiff(previous, found) : { diff: [], rewritten: false };
  const { id: _id, ...version } = found;
  return { ...version, previousNumber: previous?.number ?? null, rewritten, diff };
}

export async function listVersions(actor: Actor | null, debateId: string) {
  await requireAccess(debateId, actor, "debate:read");
  return db().proposalVersion.findMany({
    where: { debateId },
    select: { number: true, nodeId: true, authorId: true, createdAt: true, body: true },
    orderBy: { number: "asc" },
  });
}

// Versions never change once written, so a diff keyed by the two row ids is computed once
// per process and then served to every viewer. Least recently used entries go first when
// the cache holds more than DIFF_CACHE_CHARS characters of diff text (~2 bytes each).
const DIFF_CACHE_CHARS = 8_000_000;

interface CachedDiff {
  diff: VersionDiff["parts"];
  rewritten: boolean;
  chars: number;
}

const diffCache = new Map<string, CachedDiff>();
let cachedChars = 0;

function cachedDiff(previous: { id: string; body: string }, version: { id: string; body: string }): CachedDiff {
  const key = versionDiffKey(previous.id, version.id);
  const hit = diffCache.get(key);
  if (hit) {
    diffCache.delete(key); // re-insert: Map order is the recency order
    diffCache.set(key, hit);
    return hit;
  }
  const { parts, rewritten } = versionDiff(previous.body, version.body);
  const entry: CachedDiff = { diff: parts, rewritten, chars: previous.body.length + version.body.length };
  diffCache.set(key, entry);
  cachedChars += entry.chars;
  for (const [oldest, value] of diffCache) {
    if (cachedChars <= DIFF_CACHE_CHARS || diffCache.size <= 1) break;
    diffCache.delete(oldest);
    cachedChars -= value.chars;
  }
  return entry;
}

export function versionDiffKey(previousId: string, versionId: string): string {
  return `${previousId}:${versionId}`;
}

/** Whether the diff between these two version rows is cached (tests). */
export function isVersionDiffCached(previousId: string, versionId: string): boolean {
  return diffCache.has(versionDiffKey(previousId, versionId));
}
