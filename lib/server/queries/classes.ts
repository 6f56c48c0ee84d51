import "server-only";
import { db } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/** One counterexample like a draft, with its class. */
export interface SimilarRow {
  id: string;
  title: string;
  snippet: string;
  classId: string | null;
  retracted: boolean;
  rank: number;
}

/**
 * Counterexamples of a debate sharing words with a draft, best first: English stemming, any word
 * may match (OR), ranked by cover density. `terms` are letters and digits only (similarityTerms),
 * so joining them with `|` is a safe tsquery.
 */
export async function similarCounterexampleRows(debateId: string, terms: readonly string[], limit = 5): Promise<SimilarRow[]> {
  if (terms.length === 0) return [];
  const query = terms.join(" | ");
  return db().$queryRaw<SimilarRow[]>(Prisma.sql`
    SELECT n."id", n."title", m."classId", (n."retractedAt" IS NOT NULL) AS "retracted",
      ts_headline('english', n."body", q, 'MaxFragments=1,MaxWords=20,MinWords=6,StartSel=«,StopSel=»') AS "snippet",
      ts_rank_cd(to_tsvector('english', n."title" || ' ' || n."body"), q)::float8 AS "rank"
    FROM "Node" n
    CROSS JOIN to_tsquery('english', ${query}) q
    LEFT JOIN "ClassMembership" m ON m."nodeId" = n."id"
    WHERE n."debateId" = ${debateId} AND n."kind" = 'COUNTEREXAMPLE'
      AND to_tsvector('english', n."title" || ' ' || n."body") @@ q
    ORDER BY "rank" DESC, n."createdAt"
    LIMIT ${limit}`);
}
