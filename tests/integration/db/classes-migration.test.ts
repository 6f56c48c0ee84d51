// The counterexample classes and weights migration applied to a database at the previous schema
// that holds a debate: nothing is lost, existing debates get the default rule (ANY_LIVE), and the
// new tables accept rows while their range checks refuse bad ones.
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/server/db/migrate";
import { migrationScratch } from "@/tests/support/migration-backends";

const MIGRATION = "20261206130218_counterexample_classes_weights";
const { backends, migrationsUpTo, migrationsBefore } = migrationScratch();

describe.each(backends)("the classes and weights migration on $name", ({ fresh }) => {
  it("applies to a database at the previous schema with a debate in it, losing nothing", async () => {
    const { target, query } = await fresh();
    await applyMigrations({ target, migrationsDir: migrationsBefore(MIGRATION) });
    for (const sql of [
      `INSERT INTO "User" ("id", "username", "displayName", "updatedAt") VALUES ('own', 'own', 'Own', now()), ('brk', 'brk', 'Brk', now())`,
      `INSERT INTO "Debate" ("id", "title", "ownerId", "inviteCode", "updatedAt") VALUES ('deb', 'Old debate', 'own', 'c1', now())`,
      `INSERT INTO "Node" ("id", "debateId", "kind", "side", "authorId", "body", "updatedAt") VALUES ('p1', 'deb', 'PROPOSAL', 'BUILDER', 'own', 'Plan', now())`,
      `INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "body", "targetVersions", "updatedAt")
        VALUES ('c1', 'deb', 'p1', 1, 'COUNTEREXAMPLE', 'BREAKER', 'brk', 'It fails', '{1}', now())`,
      `INSERT INTO "Prediction" ("id", "nodeId", "userId", "side", "probability") VALUES ('pr1', 'c1', 'brk', 'BREAKER', 0.3)`,
    ]) {
      await query(sql);
    }
    expect((await applyMigrations({ target, migrationsDir: migrationsUpTo(MIGRATION) })).applied).toEqual([MIGRATION]);
    expect(await query(`SELECT "id", "title", "brokenRule"::text AS "rule", "brokenThreshold" FROM "Debate"`)).toEqual([
      { id: "deb", title: "Old debate", rule: "ANY_LIVE", brokenThreshold: 50 },
    ]);
    expect(await query(`SELECT "id", "body" FROM "Node" ORDER BY "id"`)).toEqual([{ id: "c1", body: "It fails" }, { id: "p1", body: "Plan" }]);
    expect(await query(`SELECT count(*)::int AS n FROM "Prediction"`)).toEqual([{ n: 1 }]);

    await query(`INSERT INTO "CounterexampleClass" ("id", "debateId", "name", "createdById", "updatedAt") VALUES ('k1', 'deb', 'Family', 'brk', now())`);
    await query(`INSERT INTO "ClassMembership" ("nodeId", "classId", "addedById") VALUES ('c1', 'k1', 'brk')`);
    await query(`INSERT INTO "PlausibilityEstimate" ("id", "nodeId", "userId", "side", "plausibility", "severity") VALUES ('e1', 'c1', 'brk', 'BREAKER', 40, 'BREAKS')`);
    // A counterexample is in one class at most; plausibility and the threshold stay in 0–100.
    await expect(query(`INSERT INTO "ClassMembership" ("nodeId", "classId", "addedById") VALUES ('c1', 'k1', 'own')`)).rejects.toThrow(/duplicate key/);
    await expect(query(`INSERT INTO "PlausibilityEstimate" ("id", "nodeId", "userId", "side", "plausibility", "severity") VALUES ('e2', 'c1', 'brk', 'BREAKER', 101, 'BREAKS')`)).rejects.toThrow(/plausibility_range/);
    await expect(query(`UPDATE "Debate" SET "brokenThreshold" = -1`)).rejects.toThrow(/brokenThreshold_range/);
    // Deleting the debate takes its classes, memberships and estimates with it.
    await query(`DELETE FROM "Debate" WHERE "id" = 'deb'`);
    expect(await query(`SELECT (SELECT count(*) FROM "CounterexampleClass")::int AS k, (SELECT count(*) FROM "ClassMembership")::int AS m, (SELECT count(*) FROM "PlausibilityEstimate")::int AS e`)).toEqual([{ k: 0, m: 0, e: 0 }]);
  }, 120_000);
});
