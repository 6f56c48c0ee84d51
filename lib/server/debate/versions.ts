import "server-only";
import { db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { notFound } from "@/lib/domain/errors";
import type { VersionDiff } from "@/lib/domain/debate/version-diff";
import { wordDiff } from "@/lib/server/debate/word-diff";
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
  const { diff, rewritten } = previous ? await cachedDiff(previous, found) : { diff: [], rewritten: false };
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

const computing = new Map<string, Promise<CachedDiff>>();

async function cachedDiff(previous: { id: string; body: string }, version: { id: string; body: string }): Promise<CachedDiff> {
  const key = versionDiffKey(previous.id, version.id);
  const hit = diffCache.get(key);
  if (hit) {
    diffCache.delete(key); // re-insert: Map order is the recency order
    diffCache.set(key, hit);
    return hit;
  }
  // Viewers arriving while the diff is computed wait for the same computation.
  const inFlight = computing.get(key);
  if (inFlight) return inFlight;
  const computed = wordDiff(previous.body, version.body).then(({ parts, rewritten }) => {
    const entry: CachedDiff = { diff: parts, rewritten, chars: previous.body.length + version.body.length };
    diffCache.set(key, entry);
    cachedChars += entry.chars;
    for (const [oldest, value] of diffCache) {
      if (cachedChars <= DIFF_CACHE_CHARS || diffCache.size <= 1) break;
      diffCache.delete(oldest);
      cachedChars -= value.chars;
    }
    return entry;
  });
  computing.set(key, computed);
  try {
    return await computed;
  } finally {
    computing.delete(key);
  }
}

export function versionDiffKey(previousId: string, versionId: string): string {
  return `${previousId}:${versionId}`;
}

/** Whether the diff between these two version rows is cached (tests). */
export function isVersionDiffCached(previousId: string, versionId: string): boolean {
  return diffCache.has(versionDiffKey(previousId, versionId));
}
