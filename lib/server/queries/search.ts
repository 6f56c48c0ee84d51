import "server-only";
import { db } from "@/lib/server/db/client";
import type { NodeKind, Side } from "@/lib/domain/vocabulary";

/** One full-text search hit. */
export interface SearchHit {
  id: string;
  kind: NodeKind;
  side: Side;
  title: string;
  snippet: string;
  prunedAt: Date | null;
}

/** Full-text search inside one debate (PostgreSQL text search), best first, at most 50. */
export async function searchDebateNodes(debateId: string, q: string): Promise<SearchHit[]> {
  return db().$queryRaw<SearchHit[]>`
    SELECT n."id", n."kind"::text AS "kind", n."side"::text AS "side", n."title", n."prunedAt",
      ts_headline('simple', n."body", q, 'MaxFragments=1,MaxWords=24,MinWords=8,StartSel=«,StopSel=»') AS "snippet"
    FROM "Node" n, websearch_to_tsquery('simple', ${q}) q
    WHERE n."debateId" = ${debateId}
      AND to_tsvector('simple', n."title" || ' ' || n."body") @@ q
    ORDER BY ts_rank(to_tsvector('simple', n."title" || ' ' || n."body"), q) DESC, n."createdAt"
    LIMIT 50`;
}
