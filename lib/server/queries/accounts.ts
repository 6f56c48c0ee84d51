import "server-only";
import type { Tx } from "@/lib/server/db/client";

// Account deletion's statement (lib/server/users/delete-account.ts says when it runs).

/**
 * Deletes, in one pass, the user's moves that nothing else in a debate depends on: not the
 * proposal, no replies, no proposal version, not answered by a patch, not named by a duplicate
 * prune, and no prediction, crux mark, estimate (promise, plausibility, crux), resolution, round verdict or cross-link by anyone else. Returns the
 * debate of each deleted node; the caller repeats until nothing goes (a reply of their own
 * to their own move goes first, then the move).
 */
export function deleteIndependentMovesOnce(tx: Tx, userId: string): Promise<{ debateId: string }[]> {
  return tx.$queryRaw<{ debateId: string }[]>`
    DELETE FROM "Node" n
    WHERE n."authorId" = ${userId} AND n."kind" <> 'PROPOSAL'
      AND NOT EXISTS (SELECT 1 FROM "Node" c WHERE c."parentId" = n."id")
      AND NOT EXISTS (SELECT 1 FROM "ProposalVersion" v WHERE v."nodeId" = n."id")
      AND NOT EXISTS (SELECT 1 FROM "Node" p WHERE p."debateId" = n."debateId" AND n."id" = ANY(p."answersNodeIds"))
      AND NOT EXISTS (SELECT 1 FROM "PruneEvent" e WHERE e."duplicateOf" = n."id")
      AND NOT EXISTS (SELECT 1 FROM "Prediction" x WHERE x."nodeId" = n."id" AND x."userId" <> ${userId})
      AND NOT EXISTS (SELECT 1 FROM "CruxMark" x WHERE x."nodeId" = n."id" AND x."userId" <> ${userId})
      AND NOT EXISTS (SELECT 1 FROM "BranchEstimate" x WHERE x."nodeId" = n."id" AND x."userId" <> ${userId})
      AND NOT EXISTS (SELECT 1 FROM "ResolutionEvent" x WHERE x."nodeId" = n."id" AND x."actorId" <> ${userId})
      AND NOT EXISTS (SELECT 1 FROM "RoundVerdict" x WHERE x."nodeId" = n."id" AND x."judgeId" <> ${userId})
      AND NOT EXISTS (SELECT 1 FROM "NodeLink" x WHERE (x."fromNodeId" = n."id" OR x."toNodeId" = n."id") AND x."authorId" <> ${userId})
      AND NOT EXISTS (SELECT 1 FROM "PlausibilityEstimate" x WHERE x."nodeId" = n."id" AND x."userId" <> ${userId})
      AND NOT EXISTS (SELECT 1 FROM "CruxEstimate" x WHERE x."nodeId" = n."id" AND x."userId" <> ${userId})
    RETURNING n."debateId"`;
}
