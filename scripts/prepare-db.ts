// Run before `next dev` / `next start`: apply pending migrations, then seed the
// demo debate when the database has none (SEED_DEMO=false turns that off).
import { db, dbMode, ensurePgliteDataDir } from "@/lib/server/db/client";
import { applyMigrations } from "@/lib/server/db/migrate";
import { seedDemo } from "@/lib/server/demo/seed";
import { env, pgliteDataDir } from "@/lib/server/env";
import { runCli } from "./lib/run-cli";

async function main() {
  const started = Date.now();
  await ensurePgliteDataDir();
  const { applied } = await applyMigrations();
  for (const name of applied) console.log(`[db] applied migration ${name}`);
  if (env().SEED_DEMO && (await db().debate.count()) === 0) {
    await seedDemo(db());
    console.log("[db] seeded the demo debate");
  }
  const where = dbMode() === "postgres" ? "PostgreSQL" : `PGlite (${pgliteDataDir()})`;
  console.log(`[db] ${where} ready in ${Date.now() - started} ms`);
}

runCli(main, { prefix: "[db] " });
