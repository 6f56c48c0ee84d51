// Run before `next dev` / `next start`: apply pending migrations, then seed the
// demo debate when the database has none (SEED_DEMO=false turns that off).
import { db, dbMode, ensurePgliteDataDir } from "@/lib/server/db/client";
import { applyMigrations } from "@/lib/server/db/migrate";
import { seedDemo } from "@/lib/server/demo/seed";
import { env, pgliteDataDir } from "@/lib/server/env";
import { sweepImportDebris } from "@/lib/server/transfer/import";
import { runCli } from "./lib/run-cli";

async function main() {
  const started = Date.now();
  await ensurePgliteDataDir();
  const { applied } = await applyMigrations();
  for (const name of applied) console.log(`[db] applied migration ${name}`);
  // An import whose process died left an unpublished debate. On the embedded database the
  // data-dir lock proves no import is running now; a PostgreSQL server may have other app
  // processes importing, so there only the silent ones go.
  const swept = await sweepImportDebris(dbMode() === "pglite" ? { staleAfterMs: 0 } : {});
  if (swept > 0) console.log(`[db] removed ${swept} unfinished import${swept === 1 ? "" : "s"}`);
  if (env().SEED_DEMO && (await db().debate.count()) === 0) {
    await seedDemo(db());
    console.log("[db] seeded the demo debate");
  }
  const where = dbMode() === "postgres" ? "PostgreSQL" : `PGlite (${pgliteDataDir()})`;
  console.log(`[db] ${where} ready in ${Date.now() - started} ms`);
}

runCli(main, { prefix: "[db] " });
