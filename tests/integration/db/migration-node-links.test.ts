// The node_links_and_support migration on a database made at the schema before it
// (every migration up to 20261206095940_idempotency_keys) holding data in every table
// a debate touches: nothing is lost or changed, and afterwards the new kind and links work.
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/server/db/migrate";
import { migrationScratch, type Query } from "@/tests/support/migration-backends";

const PREVIOUS = "20261206095940_idempotency_keys";
const THIS = "20261206130139_node_links_and_support";
const { backends, migrationsUpTo } = migrationScratch();

const TABLES = [
  "User", "Debate", "Membership", "RoleChange", "Node", "ProposalVersion", "NodeRevision", "PruneEvent", "BranchEstimate",
  "ExperimentCard", "Prediction", "ResolutionEvent", "CruxMark", "DebateEvent", "Notification", "IdempotencyKey", "ApiToken",
];

/** Every row of every table, as text (types and all), in a stable order. */
async function snapshot(query: Query): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await query(`SELECT row_to_json(t)::text AS row FROM "${table}" t ORDER BY 1`);
    out[table] = rows.map((r) => String(r.row));
  }
  return out;
}

describe.each(backends)("node_links_and_support on $name", (backend) => {
  it("migrates a database made at the previous schema, with data, without losing or changing anything", async () => {
    const { target, query } = await backend.fresh();
    const before = await applyMigrations({ target, migrationsDir: migrationsUpTo(PREVIOUS) });
    expect(before.applied.at(-1)).toBe(PREVIOUS);
    for (const sql of [
      `INSERT INTO "User" ("id", "username", "displayName", "updatedAt") VALUES ('u1', 'ada', 'Ada', now()), ('u2', 'bo', 'Bo', now())`,
      `INSERT INTO "ApiToken" ("id", "userId", "name", "tokenHash", "prefix") VALUES ('t1', 'u1', 'cli', 'hash', 'bb_')`,
      `INSERT INTO "Debate" ("id", "title", "ownerId", "inviteCode", "updatedAt", "links") VALUES ('d1', 'Cache', 'u1', 'inv', now(), '[{"url":"https://example.org","label":"doc"}]')`,
      `INSERT INTO "Membership" ("id", "debateId", "userId", "role", "side") VALUES ('m1', 'd1', 'u1', 'OWNER', 'BUILDER'), ('m2', 'd1', 'u2', 'MEMBER', 'BREAKER')`,
      `INSERT INTO "RoleChange" ("id", "debateId", "userId", "toSide") VALUES ('rc1', 'd1', 'u2', 'BREAKER')`,
      `INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "title", "body", "targetVersions", "answersNodeIds", "updatedAt") VALUES
        ('n0', 'd1', NULL, 0, 'PROPOSAL', 'BUILDER', 'u1', 'Plan', 'Add a cache', '{}', '{}', now()),
        ('n1', 'd1', 'n0', 1, 'COUNTEREXAMPLE', 'BREAKER', 'u2', 'Stale', 'Stale reads', '{1}', '{}', now()),
        ('n2', 'd1', 'n1', 2, 'PATCH', 'BUILDER', 'u1', '', 'TTL', '{}', '{n1}', now()),
        ('n3', 'd1', 'n1', 2, 'REBUTTAL', 'BUILDER', 'u1', '', 'Rare', '{}', '{}', now()),
        ('n4', 'd1', 'n0', 1, 'QUESTION', 'OBSERVER', 'u2', '', 'How big?', '{}', '{}', now()),
        ('n5', 'd1', 'n0', 1, 'COMMENT', 'OBSERVER', 'u2', '', 'Duplicate', '{}', '{}', now())`,
      `UPDATE "Debate" SET "rootNodeId" = 'n0' WHERE "id" = 'd1'`,
      `UPDATE "Node" SET "prunedAt" = now() WHERE "id" = 'n5'`,
      `INSERT INTO "ProposalVersion" ("id", "debateId", "number", "body", "nodeId", "authorId") VALUES ('v1', 'd1', 1, 'Add a cache', 'n0', 'u1'), ('v2', 'd1', 2, 'Add a cache with TTL', 'n2', 'u1')`,
      `INSERT INTO "NodeRevision" ("id", "nodeId", "revision", "editorId", "title", "body") VALUES ('r1', 'n1', 1, 'u2', 'Stale', 'Old text')`,
      `INSERT INTO "PruneEvent" ("id", "debateId", "nodeId", "actorId", "action", "category", "reason", "duplicateOf") VALUES ('p1', 'd1', 'n5', 'u1', 'PRUNE', 'DUPLICATE', 'Same as the question', 'n4')`,
      `INSERT INTO "BranchEstimate" ("nodeId", "userId", "promise", "updatedAt") VALUES ('n1', 'u1', 40, now())`,
      `INSERT INTO "ExperimentCard" ("id", "nodeId", "question", "method", "supportIf", "refuteIf", "updatedAt") VALUES ('e1', 'n1', 'q', 'm', 's', 'r', now())`,
      `INSERT INTO "Prediction" ("id", "nodeId", "userId", "side", "probability") VALUES ('pr1', 'n1', 'u2', 'BREAKER', 0.7)`,
      `INSERT INTO "ResolutionEvent" ("id", "nodeId", "actorId", "action", "outcome", "summary") VALUES ('re1', 'n1', 'u1', 'RESOLVE', 'SUPPORTED', 'Measured')`,
      `INSERT INTO "CruxMark" ("nodeId", "userId", "side") VALUES ('n1', 'u2', 'BREAKER')`,
      `INSERT INTO "DebateEvent" ("debateId", "actorId", "type", "nodeId", "payload") VALUES ('d1', 'u2', 'node.created', 'n1', '{"kind":"COUNTEREXAMPLE"}'), ('d1', 'u1', 'branch.pruned', 'n5', '{}')`,
      `INSERT INTO "Notification" ("id", "userId", "debateId", "eventSeq", "type", "nodeId", "message", "debateTitle") VALUES ('no1', 'u1', 'd1', 1, 'counterexample', 'n1', 'Bo posted', 'Cache')`,
      `INSERT INTO "IdempotencyKey" ("userId", "keyHash", "requestHash", "status", "expiresAt") VALUES ('u1', 'k', 'r', 201, now() + interval '1 day')`,
    ]) {
      await query(sql);
    }
    const kept = await snapshot(query);

    // Up to this migration: later ones add columns of their own (their tests check them).
    const after = await applyMigrations({ target, migrationsDir: migrationsUpTo(THIS) });
    expect(after.applied).toEqual([THIS]);
    expect(await snapshot(query)).toEqual(kept);

    // The new kind and the links table work on the migrated data, with their constraints.
    await query(`INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "body", "updatedAt") VALUES ('n6', 'd1', 'n1', 2, 'SUPPORT', 'BREAKER', 'u2', 'Seen it', now())`);
    await query(`INSERT INTO "NodeLink" ("id", "debateId", "fromNodeId", "toNodeId", "type", "authorId") VALUES ('l1', 'd1', 'n5', 'n4', 'DUPLICATE_OF', 'u1')`);
    await expect(query(`INSERT INTO "NodeLink" ("id", "debateId", "fromNodeId", "toNodeId", "type", "authorId") VALUES ('l2', 'd1', 'n5', 'n4', 'DUPLICATE_OF', 'u2')`)).rejects.toThrow(/unique|duplicate/i);
    await expect(query(`INSERT INTO "NodeLink" ("id", "debateId", "fromNodeId", "toNodeId", "type", "authorId") VALUES ('l3', 'd1', 'n4', 'n4', 'SEE_ALSO', 'u2')`)).rejects.toThrow(/NodeLink_not_self|check/i);
    await query(`DELETE FROM "Node" WHERE "id" = 'n5'`);
    expect(await query(`SELECT count(*)::int AS n FROM "NodeLink"`)).toEqual([{ n: 0 }]);
  }, 600_000);
});
